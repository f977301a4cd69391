import type { PolarizationPoint, PolarizationSweep } from '../../../../server/contract/simulation'
import { formatDateTime, formatSimTime } from '../../app/time-format'
import type { SweepRecord } from '../../store/simulation'
import { sourceLabel } from '../charts/series'

/** A sweep point in display units: current in mA, voltage in V, power in mW, and the R_ext that gave it. */
export type SweepRow = { iMa: number; v: number; pMw: number; r: number }
/** Whose curve: the stack's, or one cell's (numbered from 0, shown from 1). */
export type SweepSource = 'stack' | number

const rowOf = (p: PolarizationPoint): SweepRow => ({
  iMa: p.currentA * 1000,
  v: p.voltageV,
  pMw: p.powerW * 1000,
  r: p.rExtOhm,
})

/** The points of the stack's or a cell's curve (none for a cell the sweep lacks). */
function pointsOf(sweep: PolarizationSweep, source: SweepSource): readonly PolarizationPoint[] {
  return source === 'stack' ? sweep.points : (sweep.cells[source]?.points ?? [])
}

/** The stack's or a cell's points in display units, by increasing current. */
export function sweepRows(sweep: PolarizationSweep, source: SweepSource = 'stack'): SweepRow[] {
  return pointsOf(sweep, source)
    .map(rowOf)
    .sort((a, b) => a.iMa - b.iMa)
}

/** The open-circuit point, the load disconnected (no current, no power, infinite R_ext), as the station computed it. */
export function openCircuitPoint(sweep: PolarizationSweep, source: SweepSource = 'stack'): SweepRow | undefined {
  const v = source === 'stack' ? sweep.openCircuitV : sweep.cells[source]?.openCircuitV
  return v === undefined ? undefined : { iMa: 0, v, pMw: 0, r: Infinity }
}

/** How a sweep is named in legends and exports: "14:05:12 wall, sim 3 d 04:12:10, 10..2000 Ω". */
export function sweepLabel(record: SweepRecord): string {
  const when = formatDateTime(record.atMs).slice(11)
  const sim = record.simTimeS === undefined ? '' : `, ${formatSimTime(record.simTimeS)}`
  return `${when} wall${sim}, ${record.request.minOhm}..${record.request.maxOhm} Ω`
}

/** One line of a sweep chart: a source's curve of one sweep, from its open circuit to the lowest R_ext. */
export type SweepCurve = {
  key: string
  label: string
  rows: SweepRow[]
  /** An earlier sweep, overlaid: dashed. */
  overlay: boolean
  colour: number
}

/**
 * The lines a sweep chart draws: each chosen source of the shown sweep (solid), then the same sources of
 * the overlaid earlier sweeps (dashed, one colour per source so a cell is compared with itself).
 */
export function sweepCurves(
  shown: SweepRecord,
  overlays: readonly SweepRecord[],
  sources: readonly SweepSource[],
): SweepCurve[] {
  const single = sources.length === 1
  return [shown, ...overlays].flatMap((record, r) =>
    sources.map((source, s) => {
      const open = openCircuitPoint(record.result, source)
      const rows = sweepRows(record.result, source)
      const when = r === 0 ? '' : ` (${sweepLabel(record)})`
      return {
        key: `${record.id}-${String(source)}`,
        label: single && r === 0 ? sweepLabel(record) : `${sourceLabel(source)}${when}`,
        rows: open ? [open, ...rows] : rows,
        overlay: r > 0,
        colour: single ? r : s,
      }
    }),
  )
}
