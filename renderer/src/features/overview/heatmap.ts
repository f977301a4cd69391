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
  value: number
  level: number
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
  const n = values.length
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
    sum += v
  }
  const mean = sum / Math.max(1, n)
  const sd = Math.sqrt(values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / Math.max(1, n))
  const low = Math.max(0, min)
  const span = max - low
  const { size, noun } = groupSize(n, cellsPerString)
  const groups: HeatGroup[] = []
  frame.cells.forEach((c, cell) => {
    const value = values[cell]!
    const level =
      span <= 0
        ? HEAT_LEVELS - 1
        : Math.max(0, Math.min(HEAT_LEVELS - 1, Math.floor(((value - low) / span) * HEAT_LEVELS)))
    const g = Math.floor(cell / size)
    groups[g] ??= { label: `${noun} ${g + 1}`, cells: [] }
    groups[g].cells.push({
      cell,
      value,
      level,
      alarm: c.alarms.length > 0,
      outlier: sd > 0 && Math.abs(value - mean) > OUTLIER_SIGMA * sd,
    })
  })
  return groups
}

/** Cells that need a look first: in alarm, then outliers, each group by cell number. */
export function attentionCells(groups: readonly HeatGroup[]): HeatCell[] {
  const all = groups.flatMap((g) => g.cells)
  return [...all.filter((c) => c.alarm), ...all.filter((c) => !c.alarm && c.outlier)]
}
