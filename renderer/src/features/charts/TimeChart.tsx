import { memo } from 'react'
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { channelDisplay } from '../../app/format'
import { formatSimTime } from '../../app/time-format'
import type { Annotation } from '../../store/annotations'
import type { ChartRow } from '../../store/chart-window'
import type { Channel } from '../../store/frame-ring'
import { ChartDataTable } from './ChartDataTable'
import type { ChartMeta } from './export'
import { ChartFigure } from './ChartFigure'
import { axisTitle, SERIES_COLOURS, type ChartLine } from './series'
import { timeTicks, valueTicks } from './time-axis'

export type TimeChartProps = {
  channel: Channel
  title: string
  rows: readonly ChartRow[]
  lines: readonly ChartLine[]
  /** The page's one time range: every chart of a page gets the same. */
  domain: readonly [number, number]
  /** Shared y range (small multiples compare on one scale); from the data otherwise. */
  yDomain?: readonly [number, number] | undefined
  annotations?: readonly Annotation[]
  /** Charts with the same id share one crosshair and tooltip position (recharts syncId). */
  syncId: string
  testId: string
  meta: ChartMeta
  small?: boolean
}

/** The data's extent in SI units over the chart's lines. */
function extent(rows: readonly ChartRow[], lines: readonly ChartLine[]): [number, number] {
  let min = Infinity
  let max = -Infinity
  for (const row of rows)
    for (const line of lines) {
      const v = row[line.key]
      if (v !== undefined && Number.isFinite(v)) {
        if (v < min) min = v
        if (v > max) max = v
      }
    }
  return [min, max]
}

/** The recharts plot of a TimeChart: axes with titles and units, marks, one line per series. */
function plot(props: TimeChartProps) {
  const { channel, rows, lines, domain, annotations = [], syncId, small = false } = props
  const display = channelDisplay[channel]
  const [lo, hi] = props.yDomain ?? extent(rows, lines)
  const y = valueTicks(lo * display.factor, hi * display.factor)
  const x = timeTicks(domain[0], domain[1], small ? 4 : 6)
  const yDomain: [number, number] | ['auto', 'auto'] =
    y.ticks.length > 0 ? [y.ticks[0]! / display.factor, y.ticks.at(-1)! / display.factor] : ['auto', 'auto']
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 18, left: 8 }} syncId={syncId} syncMethod="value">
        <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[domain[0], domain[1]]}
          allowDataOverflow
          ticks={x.ticks}
          tickFormatter={x.format}
          label={{ value: 'simulated time', position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          domain={yDomain}
          ticks={y.ticks.map((t) => t / display.factor)}
          width={72}
          tickFormatter={(v: number) => (v * display.factor).toFixed(y.digits)}
          label={{ value: axisTitle(channel), angle: -90, position: 'insideLeft', offset: 0, dy: 40 }}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => formatSimTime(Number(t))}
          formatter={(value, name) => [
            `${(Number(value) * display.factor).toFixed(display.digits)} ${display.unit}`,
            name,
          ]}
        />
        {lines.length > 1 && <Legend verticalAlign="top" height={24} />}
        {annotations
          .filter((a) => a.simTimeS >= domain[0] && a.simTimeS <= domain[1])
          .map((a) => (
            <ReferenceLine
              key={a.id}
              x={a.simTimeS}
              className={`annotation annotation--${a.kind}`}
              label={small ? undefined : { value: a.label, position: 'insideTopLeft', className: 'annotation__label' }}
            />
          ))}
        {lines.map((line) => (
          <Line
            key={line.key}
            type="linear"
            dataKey={line.key}
            name={line.label}
            stroke={`var(--series-${lines.length === 1 ? channel : (line.colour % SERIES_COLOURS) + 1})`}
            strokeDasharray={line.dashed ? '6 3' : undefined}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  )
}

/** One channel over the page's time range: axis titles with units, readable ticks, marks, PNG and a data table. */
export const TimeChart = memo(function TimeChart(props: TimeChartProps) {
  const { channel, title, rows, lines, domain, testId, meta, small = false } = props
  return (
    <ChartFigure
      title={title}
      testId={testId}
      meta={meta}
      small={small}
      empty={rows.length === 0}
      attributes={{
        'data-points': rows.length,
        'data-from': rows[0]?.t,
        'data-domain': `${domain[0]},${domain[1]}`,
        'data-marks': props.annotations?.length ?? 0,
      }}
      plotLabel={`${title}: chart over ${formatSimTime(domain[0])} to ${formatSimTime(domain[1])}; the data table below has the values`}
      after={<ChartDataTable channel={channel} title={title} rows={rows} lines={lines} />}
    >
      {rows.length === 0 ? <p className="muted">No data in this window yet.</p> : plot(props)}
    </ChartFigure>
  )
})
