import { memo, useMemo } from 'react'
import { useStaggered } from '../../app/use-sampled'
import { useAnnotations, useChartClock } from '../../store'
import { chartRange } from '../../store/chart-clock'
import type { Channel, SeriesRef } from '../../store/frame-ring'
import { seriesKey } from '../../store/chart-window'
import { channelDisplay } from '../../app/format'
import type { ChartMeta } from './export'
import { sourceLabel, type ChartLine } from './series'
import { TimeChart } from './TimeChart'
import { seriesExtent, visibleRows } from './visible-rows'

export type LiveChartProps = {
  channel: Channel
  sources: readonly SeriesRef['cell'][]
  /** When this chart redraws after the page's clock ticked, so the charts of a page redraw in turn. */
  delayMs: number
  meta: Omit<ChartMeta, 'fromS' | 'toS'>
  testId: string
  /** Small multiples: one y scale across `shareYWith`. */
  shareYWith?: readonly SeriesRef['cell'][]
  small?: boolean
  title?: string
}

/** One channel of the live stream over the page's shared range. */
export const LiveChart = memo(function LiveChart(props: LiveChartProps) {
  const { channel, sources, delayMs, meta, testId, shareYWith, small, title } = props
  const clock = useStaggered(useChartClock, delayMs)
  const annotations = useAnnotations((s) => s.items)
  const range = chartRange(clock)
  const series = useMemo(() => sources.map((cell): SeriesRef => ({ cell, channel })), [sources, channel])
  const { rows, yDomain } = useMemo(
    () => ({
      rows: visibleRows(series, range),
      yDomain:
        shareYWith &&
        seriesExtent(
          shareYWith.map((cell) => ({ cell, channel })),
          range,
        ),
    }),
    // The rings live outside React: the clock's revision is the signal that they changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, clock.endS, clock.windowS, clock.revision, shareYWith, channel],
  )
  const lines: ChartLine[] = series.map((s, i) => ({ key: seriesKey(s), label: sourceLabel(s.cell), colour: i }))
  const label = channelDisplay[channel].label
  return (
    <TimeChart
      channel={channel}
      title={title ?? (sources.length === 1 ? `${sourceLabel(sources[0]!)}: ${label}` : label)}
      rows={rows}
      lines={lines}
      domain={range ?? [0, 1]}
      yDomain={yDomain}
      annotations={annotations}
      syncId="live"
      testId={testId}
      meta={{ ...meta, fromS: range?.[0] ?? 0, toS: range?.[1] ?? 0 }}
      small={small}
    />
  )
})
