import type { TelemetryFrame } from '../../../../server/contract/stream'

/** Above this many cells tiles stop fitting a screen: the overview becomes a heatmap (docs/operator-ui.md "Overview"). */
export const HEATMAP_ABOVE_CELLS = 24
/** Cells per module when the stack has no strings: real pilot plants build modules of 36 (issue 14). */
export const MODULE_CELLS = 36
/** Colour steps of the scale (styles/overview.css heat--0..heat--6). */
export const HEAT_LEVELS = 7
/** A cell further than this many standard deviations from the stack's mean is an outlier. */
export const OUTLIER_SIGMA = 2

export type HeatMetric = 'voltageV' | 'powerW'

/** One square of the heatmap. */
export type HeatCell = {
  cell: number
  /** Undefined when the source delivered no sample for the cell (an offline instrument): drawn as a gap. */
  value: number | undefined
  /** The colour step, or 'absent' without a value. */
  level: number | 'absent'
  alarm: boolean
  outlier: boolean
}

export type HeatGroup = { label: string; cells: HeatCell[] }

/** Groups of the stack: its strings when it is wired in strings, modules of 36 otherwise. */
export function groupSize(cells: number, cellsPerString: number | undefined): { size: number; noun: string } {
  return cellsPerString && cellsPerString < cells
    ? { size: cellsPerString, noun: 'String' }
    : { size: Math.min(MODULE_CELLS, cells), noun: 'Module' }
}

/**
 * The heatmap of one frame: each cell's value on a scale from the stack's lowest to highest value
 * (reversed cells below zero get the lowest step and the alarm mark), outliers by z-score, grouped.
 */
export function heatmap(frame: TelemetryFrame, metric: HeatMetric, cellsPerString: number | undefined): HeatGroup[] {
  const values = frame.cells.map((c) => c[metric])
  const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v))
  const n = present.length
  const min = Math.min(...present)
  const max = Math.max(...present)
  const mean = present.reduce((acc, v) => acc + v, 0) / Math.max(1, n)
  const sd = Math.sqrt(present.reduce((acc, v) => acc + (v - mean) ** 2, 0) / Math.max(1, n))
  const low = Math.max(0, min)
  const span = max - low
  const { size, noun } = groupSize(values.length, cellsPerString)
  const groups: HeatGroup[] = []
  const levelOf = (value: number) =>
    span <= 0
      ? HEAT_LEVELS - 1
      : Math.max(0, Math.min(HEAT_LEVELS - 1, Math.floor(((value - low) / span) * HEAT_LEVELS)))
  frame.cells.forEach((c, cell) => {
    const value = values[cell]
    const known = value !== undefined && Number.isFinite(value)
    const g = Math.floor(cell / size)
    groups[g] ??= { label: `${noun} ${g + 1}`, cells: [] }
    groups[g].cells.push({
      cell,
      value: known ? value : undefined,
      level: known ? levelOf(value) : 'absent',
      alarm: c.alarms.length > 0,
      outlier: known && sd > 0 && Math.abs(value - mean) > OUTLIER_SIGMA * sd,
    })
  })
  return groups
}

/** Cells that need a look first: in alarm, then outliers, each group by cell number. */
export function attentionCells(groups: readonly HeatGroup[]): HeatCell[] {
  const all = groups.flatMap((g) => g.cells)
  return [...all.filter((c) => c.alarm), ...all.filter((c) => !c.alarm && c.outlier)]
}
