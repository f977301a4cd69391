import type { RunSummary } from '../../../../server/contract/telemetry'
import { channelDisplay } from '../../app/format'
import type { Annotation } from '../../store/annotations'
import type { ChartRow } from '../../store/chart-window'
import { seriesKey } from '../../store/chart-window'
import type { Channel, SeriesRef } from '../../store/frame-ring'
import type { ChartMeta } from './export'
import { sourceLabel, type ChartLine } from './series'
import { TimeChart } from './TimeChart'

/** One channel of one or two recorded runs: run A solid, run B dashed, one colour per source. */
export function HistoryChart(props: {
  channel: Channel
  rows: readonly ChartRow[]
  sources: readonly SeriesRef['cell'][]
  runs: readonly [RunSummary | undefined, RunSummary | undefined]
  domain: readonly [number, number]
  meta: ChartMeta
  /** Run A's marks, from the events recorded with it. */
  annotations: readonly Annotation[]
}) {
  const { channel, rows, sources, runs, domain, meta, annotations } = props
  const lines: ChartLine[] = runs.flatMap((run, r) =>
    run || r === 0
      ? sources.map((cell, i) => ({
          key: `${r === 0 ? 'a_' : 'b_'}${seriesKey({ cell, channel })}`,
          label: `${sourceLabel(cell)}${runs[1] ? ` · ${run?.name ?? 'run'}` : ''}`,
          colour: i,
          dashed: r === 1,
        }))
      : [],
  )
  return (
    <TimeChart
      channel={channel}
      title={channelDisplay[channel].label}
      rows={rows}
      lines={lines}
      domain={domain}
      syncId="history"
      testId={`history-${channel}`}
      meta={meta}
      annotations={annotations}
    />
  )
}
