import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { SweepRecord } from '../../store/simulation'
import type { ChartMeta } from '../charts/export'
import { ChartFigure } from '../charts/ChartFigure'
import { openCircuitPoint, sweepLabel, sweepRows, type SweepRow } from './sweep-rows'

type Props = {
  shown: SweepRecord
  overlays: readonly SweepRecord[]
  y: 'v' | 'pMw'
  title: string
  unit: string
  testId: string
  meta: Omit<ChartMeta, 'fromS' | 'toS'>
}

/** The tooltip of a sweep point: R_ext, V and P together, whichever curve is hovered. */
function PointTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: SweepRow }> }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  return (
    <div className="recharts-default-tooltip chart-tooltip">
      <div>R_ext {Number.isFinite(row.r) ? `${row.r.toFixed(1)} Ω` : 'open circuit'}</div>
      <div>I {row.iMa.toFixed(3)} mA</div>
      <div>V {row.v.toFixed(4)} V</div>
      <div>P {row.pMw.toFixed(4)} mW</div>
    </div>
  )
}

/** The recharts plot of a SweepChart. */
function plot({ shown, overlays, y, title, unit }: Props) {
  const rows = sweepRows(shown.result)
  const { mpp } = shown.result
  const mppPoint = { iMa: mpp.currentA * 1000, v: mpp.voltageV, pMw: mpp.powerW * 1000 }
  const ocv = openCircuitPoint(rows)
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart margin={{ top: 16, right: 24, bottom: 18, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
        <XAxis
          dataKey="iMa"
          type="number"
          domain={[0, 'dataMax']}
          tickFormatter={(v: number) => v.toFixed(2)}
          label={{ value: 'Current (mA)', position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          domain={[0, 'auto']}
          width={72}
          tickFormatter={(v: number) => v.toFixed(3)}
          label={{ value: `${title} (${unit})`, angle: -90, position: 'insideLeft', dy: 40 }}
        />
        <Tooltip isAnimationActive={false} content={<PointTooltip />} />
        {overlays.length > 0 && <Legend verticalAlign="top" height={24} />}
        {overlays.map((o, i) => (
          <Line
            key={o.id}
            data={sweepRows(o.result)}
            dataKey={y}
            name={sweepLabel(o)}
            stroke={`var(--series-${(i % 7) + 2})`}
            strokeDasharray="6 3"
            dot={false}
            isAnimationActive={false}
          />
        ))}
        <Line
          data={rows}
          dataKey={y}
          name={sweepLabel(shown)}
          stroke={`var(--series-${y === 'v' ? 'voltageV' : 'powerW'})`}
          isAnimationActive={false}
          dot={{ r: 2 }}
        />
        <ReferenceDot
          x={mppPoint.iMa}
          y={mppPoint[y]}
          r={6}
          className="mpp-dot"
          label={{ value: 'MPP', position: 'top' }}
        />
        {y === 'v' && ocv && (
          <ReferenceDot
            x={0}
            y={ocv.v}
            r={5}
            className="ocv-dot"
            ifOverflow="extendDomain"
            label={{ value: 'OCV (extrapolated)', position: 'right' }}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  )
}

/** V-I or P-I of the shown sweep (solid, points marked) and chosen earlier sweeps (dashed), MPP and open circuit marked. */
export function SweepChart(props: Props) {
  const { shown, title, testId, meta } = props
  return (
    <ChartFigure
      title={title}
      testId={testId}
      meta={{ ...meta, fromS: shown.simTimeS ?? 0, toS: shown.simTimeS ?? 0 }}
      plotLabel={`${title} against current; the sweep's values are in the table below`}
    >
      {plot(props)}
    </ChartFigure>
  )
}
