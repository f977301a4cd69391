import { useTelemetry } from '../../store'
import { combinedRows, type ChartRow } from '../../store/chart-window'
import type { SeriesRef } from '../../store/frame-ring'

/** The newest simulated time the charts can show (where a pause freezes them). */
export function newestTime(): number | undefined {
  const { recent, archive } = useTelemetry.getState()
  const ring = recent.length > 0 ? recent : archive
  return ring.length > 0 ? ring.timeAt(ring.length - 1) : undefined
}

/** Rows of the window ending at `endS` (the newest sample when live), from both rings. */
export function visibleRows(series: readonly SeriesRef[], windowS: number, endS: number | undefined): ChartRow[] {
  const { recent, archive } = useTelemetry.getState()
  const end = endS ?? newestTime()
  return end === undefined ? [] : combinedRows(recent, archive, series, windowS, end)
}
