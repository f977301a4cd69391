import { useTelemetry } from '../../store'
import { combinedRows, type ChartRow } from '../../store/chart-window'
import type { SeriesRef } from '../../store/frame-ring'

/** The newest simulated time the charts can show (where a pause freezes them). */
export function newestTime(): number | undefined {
  const { recent, archive } = useTelemetry.getState()
  const ring = recent.length > 0 ? recent : archive
  return ring.length > 0 ? ring.timeAt(ring.length - 1) : undefined
}

/** Rows of the range [fromS, toS] from both rings. */
export function visibleRows(series: readonly SeriesRef[], range: readonly [number, number] | undefined): ChartRow[] {
  if (!range) return []
  const { recent, archive } = useTelemetry.getState()
  return combinedRows(recent, archive, series, range[1] - range[0], range[1])
}

/** The extent of series over a range, for small multiples that share one y scale. */
export function seriesExtent(
  series: readonly SeriesRef[],
  range: readonly [number, number] | undefined,
): [number, number] | undefined {
  let min = Infinity
  let max = -Infinity
  for (const row of visibleRows(series, range))
    for (const [key, value] of Object.entries(row))
      if (key !== 't' && Number.isFinite(value)) {
        min = Math.min(min, value)
        max = Math.max(max, value)
      }
  return min <= max ? [min, max] : undefined
}
