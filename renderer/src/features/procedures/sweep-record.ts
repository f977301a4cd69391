import type { StoredSweep } from '../../../../server/contract/procedures'
import type { SweepRecord } from '../../store/simulation'

/**
 * A procedure's stored sweep in the shape the polarization charts draw: the open-circuit point at an
 * infinite R_ext (the charts' tooltip names it "open circuit"); none without a maximum power point.
 */
export function asSweepRecord(sweep: StoredSweep): SweepRecord | undefined {
  const mpp = sweep.maximumPowerPoint
  if (!mpp) return undefined
  const point = (p: StoredSweep['points'][number]) => ({
    ...{ rExtOhm: p.rExtOhm ?? Infinity, currentA: p.currentA },
    ...{ voltageV: p.voltageV, powerW: p.powerW },
  })
  const loads = sweep.points.flatMap((p) => (p.rExtOhm === null ? [] : [p.rExtOhm]))
  return {
    id: sweep.id,
    request: { minOhm: Math.min(...loads), maxOhm: Math.max(...loads), points: sweep.points.length },
    result: { mpp: point(mpp), points: sweep.points.map(point) },
    atMs: sweep.startedAtMs,
    runId: sweep.runId,
    simTimeS: undefined,
  }
}
