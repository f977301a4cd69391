import type { StoredSweep } from '../../../../server/contract/procedures'
import type { SweepRecord } from '../../store/simulation'

type Point = { rExtOhm: number; currentA: number; voltageV: number; powerW: number }

/**
 * A procedure's stored sweep in the shape the polarization charts draw: the loaded points, with the
 * open-circuit point as the open-circuit voltage (the highest load's when the sweep measured no OCV);
 * none without a maximum power point.
 */
export function asSweepRecord(sweep: StoredSweep): SweepRecord | undefined {
  const mpp = sweep.maximumPowerPoint
  const loaded = sweep.points.filter((p): p is typeof p & { rExtOhm: number } => p.rExtOhm !== null)
  if (!mpp || mpp.rExtOhm === null || loaded.length === 0) return undefined
  const open = sweep.points.find((p) => p.rExtOhm === null) ?? loaded[0]!
  const cells = open.cells.map(({ cell, voltageV }) => ({
    openCircuitV: voltageV,
    points: loaded.map((p): Point => {
      const entry = p.cells.find((candidate) => candidate.cell === cell)
      return {
        rExtOhm: p.rExtOhm,
        currentA: entry?.currentA ?? 0,
        voltageV: entry?.voltageV ?? 0,
        powerW: entry?.powerW ?? 0,
      }
    }),
  }))
  // The charts take the stack's points without the per-cell readings.
  const point = ({ rExtOhm, currentA, voltageV, powerW }: Point): Point => ({ rExtOhm, currentA, voltageV, powerW })
  return {
    id: sweep.id,
    request: {
      minOhm: Math.min(...loaded.map((p) => p.rExtOhm)),
      maxOhm: Math.max(...loaded.map((p) => p.rExtOhm)),
      points: loaded.length,
    },
    result: {
      mpp: point({ ...mpp, rExtOhm: mpp.rExtOhm }),
      points: loaded.map(point),
      openCircuitV: open.voltageV,
      cells,
    },
    atMs: sweep.startedAtMs,
    runId: sweep.runId,
    simTimeS: undefined,
  }
}
