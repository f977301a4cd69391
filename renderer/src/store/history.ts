import type { HistoryChannel, HistoryResponse } from '../../../server/contract/telemetry'
import type { TelemetryApi } from '../api/telemetry-api'
import { cellChannels, type FrameSample } from './frame-ring'
import { useTelemetry } from './telemetry'

/** Stack channels of the ring in its order, after the cells' mean substrate (ring column 3). */
const STACK_HISTORY = [
  'stack.voltageV',
  'stack.currentA',
  'stack.powerW',
  'stack.loadOhm',
  'stack.feedLPerDay',
] as const
/** What the long-range ring needs: the four cell channels and the stack totals. */
export const HISTORY_CHANNELS: readonly HistoryChannel[] = [...cellChannels, ...STACK_HISTORY]
/** Above this many cells only the charted cells are read back: a whole pilot stack's history is megabytes. */
export const HISTORY_ALL_CELLS_MAX = 24

/** History series (one per cell and channel, bucket means) as ring samples, oldest first. */
export function historyToSamples(history: HistoryResponse, cells: number): FrameSample[] {
  const times = history.series[0]?.t ?? []
  const mean = (cell: number | null, channel: HistoryChannel) => {
    const series = history.series.find((s) => s.cell === cell && s.channel === channel)
    // Every recorded frame carries every cell, so all series share the same buckets.
    return series && series.mean.length === times.length ? series.mean : undefined
  }
  const cellValues = Array.from({ length: cells }, (_, cell) => cellChannels.map((channel) => mean(cell, channel)))
  const stack = STACK_HISTORY.map((channel) => mean(null, channel))
  const at = (values: readonly number[] | undefined, i: number) => values?.[i] ?? Number.NaN
  return times.map((simTimeS, i) => {
    const rows = cellValues.map((values) => values.map((v) => at(v, i)))
    const read = rows.filter((row) => Number.isFinite(row[3]))
    const substrate = read.length === 0 ? Number.NaN : read.reduce((sum, row) => sum + row[3]!, 0) / read.length
    const [voltage, current, power, load, feed] = stack.map((v) => at(v, i))
    return { simTimeS, stack: [voltage!, current!, power!, substrate, load!, feed!], cells: rows }
  })
}

/**
 * Fills the long-range ring with the run's recorded history when a window reaches back beyond the
 * frames this page has seen (a page opened mid-run starts with empty rings). Returns why it did not.
 */
export function createHistoryLoader(api: TelemetryApi) {
  return async function loadWindowHistory(windowS: number, chartedCells: readonly number[] = []) {
    const { runId, latest, recent, archive } = useTelemetry.getState()
    if (!runId || !latest || recent.length === 0) return 'no live data yet'
    const end = latest.simTimeS
    const from = Math.max(0, end - windowS)
    const covered = Math.min(recent.timeAt(0), archive.length > 0 ? archive.timeAt(0) : Infinity)
    // Seen from its first frames (a run that started while the page was open): nothing older to read,
    // and a run the recorder has not written yet would answer 404.
    // One frame tells no step: its sequence number says whether it is among the run's first.
    if (recent.length === 1 && latest.seq <= 1) return 'already covered'
    const frameStepS =
      recent.length > 1 ? (recent.timeAt(recent.length - 1) - recent.timeAt(0)) / (recent.length - 1) : 0
    if (covered <= from + Math.max(archive.minSpacingS, 2 * frameStepS)) return 'already covered'
    const points = Math.min(archive.capacity, Math.max(2, Math.ceil((end - from) / archive.minSpacingS)))
    const cellCount = latest.cells.length
    const cells = cellCount > HISTORY_ALL_CELLS_MAX ? chartedCells : undefined
    const history = await api.history({ runId, from, to: end, channels: HISTORY_CHANNELS, points, cells })
    // The run may have changed while the request was out: its history belongs to nobody now.
    if (useTelemetry.getState().runId !== history.runId) return 'run changed'
    useTelemetry.getState().loadHistory(historyToSamples(history, cellCount))
    return undefined
  }
}
