import type { HistoryChannel, HistoryResponse } from '../../../../server/contract/telemetry'
import type { ChartRow } from '../../store/chart-window'
import type { Channel, SeriesRef } from '../../store/frame-ring'

/** The history channel that holds a chart series, or undefined (the stack's substrate is not recorded). */
export function historyChannelOf(series: SeriesRef): HistoryChannel | undefined {
  if (series.cell !== 'stack')
    return series.channel === 'loadOhm' || series.channel === 'feedLPerDay' ? undefined : series.channel
  return series.channel === 'substrateMgL' ? undefined : (`stack.${series.channel}` as HistoryChannel)
}

/** The chart row key of a history series, prefixed per run ("a_cell2_voltageV") so two runs can share a chart. */
function keyOf(prefix: string, cell: number | null, channel: HistoryChannel): string {
  return `${prefix}${cell === null ? 'stack' : `cell${cell}`}_${channel.replace(/^stack\./, '')}`
}

/** Bucket means of a history answer as chart rows (time = simulated seconds from the run's start). */
export function historyRows(history: HistoryResponse, prefix: string): ChartRow[] {
  const rows = new Map<number, ChartRow>()
  for (const series of history.series) {
    const key = keyOf(prefix, series.cell, series.channel)
    series.t.forEach((t, i) => {
      const row = rows.get(t) ?? { t }
      row[key] = series.mean[i]!
      rows.set(t, row)
    })
  }
  return [...rows.values()].sort((a, b) => a.t - b.t)
}

/** Rows of two runs on one time axis (both from their own start), oldest first. */
export function mergeRuns(a: readonly ChartRow[], b: readonly ChartRow[]): ChartRow[] {
  return [...a, ...b].sort((x, y) => x.t - y.t)
}

/** The history channels the viewer asks for: every chosen source's channels. */
export function requestedChannels(
  sources: readonly SeriesRef['cell'][],
  channels: readonly Channel[],
): HistoryChannel[] {
  const all = sources.flatMap((cell) => channels.map((channel) => historyChannelOf({ cell, channel })))
  return [...new Set(all.filter((c): c is HistoryChannel => c !== undefined))]
}
