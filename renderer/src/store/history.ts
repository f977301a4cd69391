import type { HistoryChannel, HistoryResponse } from '../../../server/contract/telemetry'
import type { TelemetryApi } from '../api/telemetry-api'
import { channels, type FrameSample } from './frame-ring'
import { ARCHIVE_SAMPLES, ARCHIVE_SPACING_S, useTelemetry } from './telemetry'

/** What the long-range ring needs: the four cell channels and the stack totals (stack substrate is the cells' mean). */
export const HISTORY_CHANNELS: readonly HistoryChannel[] = [
  ...channels,
  'stack.voltageV',
  'stack.currentA',
  'stack.powerW',
]

/** History series (one per cell and channel, bucket means) as ring samples, oldest first. */
export function historyToSamples(history: HistoryResponse, cells: number): FrameSample[] {
  const times = history.series[0]?.t ?? []
  const mean = (cell: number | null, channel: HistoryChannel) => {
    const series = history.series.find((s) => s.cell === cell && s.channel === channel)
    // Every recorded frame carries every cell, so all series share the same buckets.
    return series && series.mean.length === times.length ? series.mean : undefined
  }
  const cellValues = Array.from({ length: cells }, (_, cell) => channels.map((channel) => mean(cell, channel)))
  const stack = (['stack.voltageV', 'stack.currentA', 'stack.powerW'] as const).map((channel) => mean(null, channel))
  return times.map((simTimeS, i) => {
    const rows = cellValues.map((values) => values.map((v) => v?.[i] ?? Number.NaN))
    const substrate = rows.reduce((sum, row) => sum + row[3]!, 0) / Math.max(1, rows.length)
    return { simTimeS, stack: [...stack.map((v) => v?.[i] ?? Number.NaN), substrate], cells: rows }
  })
}

/**
 * Fills the long-range ring with the run's recorded history when a window reaches back beyond the
 * frames this page has seen (a page opened mid-run starts with empty rings). Returns why it did not.
 */
export function createHistoryLoader(api: TelemetryApi) {
  return async function loadWindowHistory(windowS: number): Promise<string | undefined> {
    const { runId, latest, recent, archive } = useTelemetry.getState()
    if (!runId || !latest || recent.length === 0) return 'no live data yet'
    const end = latest.simTimeS
    const from = Math.max(0, end - windowS)
    const covered = Math.min(recent.timeAt(0), archive.length > 0 ? archive.timeAt(0) : Infinity)
    if (covered <= from + ARCHIVE_SPACING_S) return 'already covered'
    const points = Math.min(ARCHIVE_SAMPLES, Math.max(2, Math.ceil((end - from) / ARCHIVE_SPACING_S)))
    const history = await api.history({ runId, from, to: end, channels: HISTORY_CHANNELS, points })
    // The run may have changed while the request was out: its history belongs to nobody now.
    if (useTelemetry.getState().runId !== history.runId) return 'run changed'
    useTelemetry.getState().loadHistory(historyToSamples(history, latest.cells.length))
    return undefined
  }
}
