import type { PolarizationSweepStep, SweepPoint } from '../contract/procedures.js'
import type { TelemetryFrame } from '../contract/stream.js'

/** One reading during a sweep step's dwell, at `atMs` into the dwell. */
export type SweepSample = {
  atMs: number
  voltageV: number
  currentA: number
  cells: { cell: number; voltageV: number; currentA: number }[]
}

/** The loads of a sweep in order: the open circuit first when the step asks for the OCV. */
export const sweepLoads = (step: PolarizationSweepStep): (number | 'open')[] => [
  ...(step.ocv ? (['open'] as const) : []),
  ...step.resistorsOhm,
]

/**
 * A frame as a sweep sample: a cell's current is the frame's, else V / R_ext at the load written (an open
 * circuit carries none); the stack's are the frame's totals, else the cells' series voltage and first current.
 */
export function sampleOf(frame: TelemetryFrame, atMs: number, ohm: number | null): SweepSample | undefined {
  const cells = frame.cells.flatMap((cell, index) => {
    if (cell.voltageV === undefined) return []
    const currentA = cell.currentA ?? (ohm === null ? 0 : cell.voltageV / ohm)
    return [{ cell: index + 1, voltageV: cell.voltageV, currentA }]
  })
  const voltageV =
    frame.stack.voltageV ?? (cells.length ? cells.reduce((sum, cell) => sum + cell.voltageV, 0) : undefined)
  const currentA = frame.stack.currentA ?? cells[0]?.currentA
  if (voltageV === undefined || currentA === undefined) return undefined
  return { atMs, voltageV, currentA, cells }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length

/** The steady value of one load: the mean of the samples in the last `steadyFraction` of the dwell. */
export function steadyPoint(
  samples: readonly SweepSample[],
  step: Pick<PolarizationSweepStep, 'dwellS' | 'steadyFraction'>,
  rExtOhm: number | null,
): SweepPoint | undefined {
  const from = step.dwellS * 1000 * (1 - step.steadyFraction)
  const steady = samples.filter((sample) => sample.atMs >= from)
  const used = steady.length > 0 ? steady : samples.slice(-1)
  if (used.length === 0) return undefined
  const voltageV = mean(used.map((sample) => sample.voltageV))
  const currentA = mean(used.map((sample) => sample.currentA))
  const cells = (used[0]?.cells ?? []).map(({ cell }) => {
    const readings = used.flatMap((sample) => sample.cells.filter((entry) => entry.cell === cell))
    const v = mean(readings.map((entry) => entry.voltageV))
    const i = mean(readings.map((entry) => entry.currentA))
    return { cell, voltageV: v, currentA: i, powerW: v * i }
  })
  return { rExtOhm, voltageV, currentA, powerW: voltageV * currentA, cells }
}

/** The loaded point of highest stack power, when one delivered power. */
export function maximumPowerPoint(points: readonly SweepPoint[]): SweepPoint | null {
  let best: SweepPoint | null = null
  for (const point of points)
    if (point.rExtOhm !== null && point.powerW > 0 && (best === null || point.powerW > best.powerW)) best = point
  return best
}
