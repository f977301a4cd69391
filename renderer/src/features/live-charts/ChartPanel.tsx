import { useRef, useState } from 'react'
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { channelDisplay, formatSimTime } from '../../app/format'
import type { ChartRow } from '../../store/chart-window'
import type { Channel } from '../../store/frame-ring'
import { downloadChartPng } from './export'

type Props = { channel: Channel; rows: readonly ChartRow[]; dataKey: string; fileStem: string }

/** One channel over the window; hover shows the value with its unit; the chart saves itself as PNG. */
export function ChartPanel({ channel, rows, dataKey, fileStem }: Props) {
  const display = channelDisplay[channel]
  const frame = useRef<HTMLDivElement>(null)
  const [exportError, setExportError] = useState<string>()
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
    <figure className="chart-panel" data-testid={`chart-${channel}`} data-points={rows.length}>
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
            <LineChart data={rows as ChartRow[]} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatSimTime} minTickGap={48} />
              <YAxis domain={['auto', 'auto']} width={64} tickFormatter={(v: number) => scale(v).toFixed(display.digits)} />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => `t = ${formatSimTime(Number(t))}`}
                formatter={(value) => [`${scale(Number(value)).toFixed(display.digits)} ${display.unit}`, display.label]}
              />
              <Line type="linear" dataKey={dataKey} stroke={`var(--series-${channel})`} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  )
}
