import { codFlowMgPerS, COD_PER_ACETATE_MG, trapezoid, valueAt, type SeriesOf } from './formulas.js'
import { influentAt, type FeedModel } from './geometry.js'

/** COD over a run, mg: fed into the cell, fed from outside the stack (not from an upstream cell), removed. */
export type CodTotals = { fedMg: number; externalFedMg: number; removedMg: number }

/**
 * A cell's COD balance over the recorded frames (docs/lab-metrics.md "COD removal"): a continuously fed
 * cell is stirred, so its effluent is its anode substrate; it is fed the influent (parallel feeding) or
 * the upstream cell's effluent (cascade), plus any dosing, at the actual flow. A string is why there is none.
 */
export function codTotals(
  source: 'simulation' | 'hardware',
  seriesOf: SeriesOf,
  index: number,
  feed: FeedModel | null,
): CodTotals | string {
  if (source === 'hardware' || feed === null)
    return 'needs the influent COD, which a hardware run does not record (docs/lab-metrics.md)'
  const substrate = seriesOf(index, 'substrateMgL')
  if (substrate.t.length < 2) return `fewer than two recorded substrate values of cell ${index + 1}`
  const actual = seriesOf(null, 'stack.feedActualLPerDay')
  const flow = actual.t.length > 0 ? actual : seriesOf(null, 'stack.feedLPerDay')
  if (flow.t.length === 0) return 'no feed flow recorded'
  const upstream = feed.cascade && index > 0 ? seriesOf(index - 1, 'substrateMgL') : null
  const dosingMgPerS = (feed.dosingMgPerDay / 86_400) * COD_PER_ACETATE_MG
  const fed: number[] = []
  const external: number[] = []
  const removed: number[] = []
  substrate.t.forEach((t, k) => {
    const q = valueAt(flow, t)
    const inflow = codFlowMgPerS(q, upstream ? valueAt(upstream, t) : influentAt(feed, t)) + dosingMgPerS
    fed.push(inflow)
    external.push(upstream ? dosingMgPerS : inflow)
    removed.push(inflow - codFlowMgPerS(q, substrate.y[k] as number))
  })
  const total = (y: number[]) => trapezoid({ t: substrate.t, y })
  return { fedMg: total(fed), externalFedMg: total(external), removedMg: total(removed) }
}
