import {
  addSample,
  codFlowMgPerS,
  COD_PER_ACETATE_MG,
  emptyIntegral,
  valueAt,
  type Integral,
  type SeriesOf,
} from './formulas.js'
import { influentAt, type FeedModel } from './geometry.js'

/** COD over a run, mg: fed into the cell, fed from outside the stack (not from an upstream cell), removed. */
export type CodTotals = { fedMg: number; externalFedMg: number; removedMg: number }

/** A cell's COD flows (mg/s) integrated over its substrate samples, and whether a sample had no feed flow. */
export type CodIntegrals = {
  fed: Integral
  external: Integral
  removed: Integral
  substrateSamples: number
  noFlow: boolean
}

export const emptyCodIntegrals = (): CodIntegrals => ({
  ...{ fed: emptyIntegral(), external: emptyIntegral(), removed: emptyIntegral() },
  ...{ substrateSamples: 0, noFlow: false },
})

/** One substrate sample's COD flows at the feed `flowLPerDay` (undefined: none recorded). */
export type CodSample = { t: number; substrateMgL: number; flowLPerDay: number | undefined; upstreamMgL: number | null }

/**
 * Adds one sample to a cell's COD balance (docs/lab-metrics.md "COD removal"): a continuously fed cell is
 * stirred, so its effluent is its anode substrate; it is fed the influent (parallel feeding) or the upstream
 * cell's effluent (cascade, `upstreamMgL`), plus any dosing, at the actual flow.
 */
export function addCodSample(cod: CodIntegrals, feed: FeedModel, sample: CodSample): void {
  cod.substrateSamples += 1
  if (sample.flowLPerDay === undefined) {
    cod.noFlow = true
    return
  }
  const q = sample.flowLPerDay
  const dosingMgPerS = (feed.dosingMgPerDay / 86_400) * COD_PER_ACETATE_MG
  const upstream = sample.upstreamMgL
  const inflow = codFlowMgPerS(q, upstream ?? influentAt(feed, sample.t)) + dosingMgPerS
  addSample(cod.fed, sample.t, inflow)
  addSample(cod.external, sample.t, upstream === null ? inflow : dosingMgPerS)
  addSample(cod.removed, sample.t, inflow - codFlowMgPerS(q, sample.substrateMgL))
}

/** A cell's COD balance over the recorded series: the samples of its substrate, flow and upstream between them. */
export function codIntegralsOf(seriesOf: SeriesOf, index: number, feed: FeedModel | null): CodIntegrals {
  const cod = emptyCodIntegrals()
  if (feed === null) return cod
  const substrate = seriesOf(index, 'substrateMgL')
  const actual = seriesOf(null, 'stack.feedActualLPerDay')
  const flow = actual.t.length > 0 ? actual : seriesOf(null, 'stack.feedLPerDay')
  const upstream = feed.cascade && index > 0 ? seriesOf(index - 1, 'substrateMgL') : null
  substrate.t.forEach((t, k) =>
    addCodSample(cod, feed, {
      ...{ t, substrateMgL: substrate.y[k] as number },
      flowLPerDay: flow.t.length > 0 ? valueAt(flow, t) : undefined,
      upstreamMgL: upstream ? valueAt(upstream, t) : null,
    }),
  )
  return cod
}

/** A cell's COD totals, or why there are none. */
export function codTotals(
  source: 'simulation' | 'hardware',
  cod: CodIntegrals,
  index: number,
  feed: FeedModel | null,
): CodTotals | string {
  if (source === 'hardware' || feed === null)
    return 'needs the influent COD, which a hardware run does not record (docs/lab-metrics.md)'
  if (cod.substrateSamples < 2) return `fewer than two recorded substrate values of cell ${index + 1}`
  if (cod.noFlow) return 'no feed flow recorded'
  return { fedMg: cod.fed.sum, externalFedMg: cod.external.sum, removedMg: cod.removed.sum }
}
