import type { FrameRing, SeriesRef } from './frame-ring'

/** One chart row: simulated time and one value per series key. */
export type ChartRow = { t: number } & Record<string, number>

/**
 * recharts recomputes every point on each redraw (its own store, synchronously): 160 points per line
 * are under 4 px apart on a 600 px plot, smooth to the eye, and keep each of a page's six chart
 * redraws short enough that a busy machine stays under the 50 ms long-task budget (240 did not).
 */
export const MAX_CHART_POINTS = 160

/** Key of a series in chart rows: "stack_voltageV", "cell3_powerW" (cells 0-based, as on the wire). */
export function seriesKey(series: SeriesRef): string {
  return `${series.cell === 'stack' ? 'stack' : `cell${series.cell}`}_${series.channel}`
}

/**
 * Rows of the last `windowS` simulated seconds up to `endS`, averaged into at most `maxPoints` buckets
 * of equal sample count (a bucket mean keeps the trend of noisy sensors; the tooltip shows bucket values).
 */
export function windowRows(
  ring: FrameRing,
  series: readonly SeriesRef[],
  windowS: number,
  endS: number,
  maxPoints = MAX_CHART_POINTS,
): ChartRow[] {
  const from = ring.firstIndexAtOrAfter(endS - windowS)
  const to = ring.firstIndexAfter(endS)
  const n = to - from
  if (n <= 0) return []
  const buckets = Math.min(n, maxPoints)
  const keys = series.map(seriesKey)
  const offsets = series.map((s) => ring.offsetOf(s))
  const rows = new Array<ChartRow>(buckets)
  for (let b = 0; b < buckets; b += 1) {
    const lo = from + Math.floor((b * n) / buckets)
    const hi = from + Math.floor(((b + 1) * n) / buckets)
    const row = { t: ring.timeAt(hi - 1) } as ChartRow
    for (let s = 0; s < series.length; s += 1) {
      let sum = 0
      for (let i = lo; i < hi; i += 1) sum += ring.valueAtOffset(i, offsets[s]!)
      row[keys[s]!] = sum / (hi - lo)
    }
    rows[b] = row
  }
  return rows
}

/**
 * Rows of the window ending at `endS` from both rings: the full-rate ring where it reaches, the
 * long-range one (stream-decimated or filled from history) for the older part. Each part gets a share
 * of the points proportional to the time it spans.
 */
export function combinedRows(
  recent: FrameRing,
  archive: FrameRing,
  series: readonly SeriesRef[],
  windowS: number,
  endS: number,
  maxPoints = MAX_CHART_POINTS,
): ChartRow[] {
  const startS = endS - windowS
  if (recent.length === 0) return windowRows(archive, series, windowS, endS, maxPoints)
  const splitS = recent.timeAt(0)
  if (archive.length === 0 || splitS <= startS || archive.timeAt(0) >= splitS)
    return windowRows(recent, series, windowS, endS, maxPoints)
  if (endS < splitS) return windowRows(archive, series, windowS, endS, maxPoints)
  // Shares of the span that has data: a window reaching back before the run's start holds nothing there.
  const spanS = endS - Math.max(startS, archive.timeAt(0))
  const recentPoints = Math.max(2, Math.round((maxPoints * (endS - splitS)) / spanS))
  // The older part ends just before the first full-rate sample, so no instant appears twice.
  const older = windowRows(
    archive,
    series,
    splitS - startS,
    splitS - windowS * 1e-9,
    Math.max(2, maxPoints - recentPoints),
  )
  return [...older, ...windowRows(recent, series, endS - splitS, endS, recentPoints)]
}
