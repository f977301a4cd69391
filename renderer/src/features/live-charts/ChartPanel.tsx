import { memo, useMemo, useRef, useState } from 'react'
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { channelDisplay, formatSimTime } from '../../app/format'
import { useThrottledRevision } from '../../app/use-throttled-revision'
import { seriesKey } from '../../store/chart-window'
import type { Channel } from '../../store/frame-ring'
import { downloadChartPng } from './export'
import { visibleRows } from './visible-rows'

/** Each chart redraws twice a second: the eye cannot follow faster on a minutes-long axis. */
const REDRAW_MS = 500

type Props = {
  source: number | 'stack'
  channel: Channel
  windowS: number
  /** Where a paused chart ends; undefined while live. */
  pausedAtS: number | undefined
  /** Phase of this chart's redraw clock, so the charts of a page never redraw in the same task. */
  offsetMs: number
  fileStem: string
}

/** One channel over the window; hover shows the value with its unit; the chart saves itself as PNG. */
export const ChartPanel = memo(function ChartPanel({ source, channel, windowS, pausedAtS, offsetMs, fileStem }: Props) {
  const display = channelDisplay[channel]
  const frame = useRef<HTMLDivElement>(null)
  const [exportError, setExportError] = useState<string>()
  const revision = useThrottledRevision(REDRAW_MS, offsetMs)
  // Paused: `revision` is left out so the chart stays frozen while the rings keep filling.
  const liveRevision = pausedAtS === undefined ? revision : -1
  const rows = useMemo(
    () => visibleRows([{ cell: source, channel }], windowS, pausedAtS),
    // The rings live outside React: the revision is the signal that they changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [liveRevision, source, channel, windowS, pausedAtS],
  )
  const savePng = () => {
    const svg = frame.current?.querySelector<SVGSVGElement>('svg.recharts-surface')
    if (!svg || !frame.current) return
    const background = getComputedStyle(frame.current).backgroundColor
    downloadChartPng(svg, `${fileStem}-${channel}.png`, background).then(
      () => setExportError(undefined),
      (error: unknown) => setExportError(error instanceof Error ? error.message : String(error)),
    )
  }
  const scale = (value: number) => value * display.factor
  return (
    <figure className="chart-panel" data-testid={`chart-${channel}`} data-points={rows.length} data-from={rows[0]?.t}>
      <figcaption className="chart-panel__caption">
        <span>
          {display.label} ({display.unit})
        </span>
        <button type="button" className="button button--small" onClick={savePng} disabled={rows.length === 0}>
          PNG
        </button>
      </figcaption>
      {exportError && <p role="alert">{exportError}</p>}
      <div className="chart" ref={frame}>
        {rows.length === 0 ? (
          <p className="muted">No data in this window yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={formatSimTime}
                minTickGap={48}
              />
              <YAxis
                domain={['auto', 'auto']}
                width={64}
                tickFormatter={(v: number) => scale(v).toFixed(display.digits)}
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => `t = ${formatSimTime(Number(t))}`}
                formatter={(value) => [
                  `${scale(Number(value)).toFixed(display.digits)} ${display.unit}`,
                  display.label,
                ]}
              />
              <Line
                type="linear"
                dataKey={seriesKey({ cell: source, channel })}
                stroke={`var(--series-${channel})`}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  )
})
