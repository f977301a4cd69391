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
import { SERIES_COLOURS } from '../charts/series'
import { sweepCurves, type SweepCurve, type SweepRow, type SweepSource } from './sweep-rows'

type Props = {
  shown: SweepRecord
  overlays: readonly SweepRecord[]
  sources: readonly SweepSource[]
  y: 'v' | 'pMw'
  title: string
  unit: string
  testId: string
  meta: Omit<ChartMeta, 'fromS' | 'toS'>
}

type TooltipEntry = { name?: string | number; payload?: SweepRow }

/** The tooltip of the hovered points: R_ext, I, V and P of each curve there, whichever chart is hovered. */
function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly TooltipEntry[] }) {
  const entries = (payload ?? []).filter((e): e is TooltipEntry & { payload: SweepRow } => e.payload !== undefined)
  if (!active || entries.length === 0) return null
  return (
    <div className="recharts-default-tooltip chart-tooltip" data-testid="sweep-tooltip">
      {entries.map(({ name, payload: row }) => (
        <div key={String(name)}>
          {entries.length > 1 && <strong>{name}: </strong>}
          R_ext {Number.isFinite(row.r) ? `${row.r.toFixed(1)} Ω` : 'open circuit'}, I {row.iMa.toFixed(3)} mA, V{' '}
          {row.v.toFixed(4)} V, P {row.pMw.toFixed(4)} mW
        </div>
      ))}
    </div>
  )
}

/** A curve's colour: a single source keeps the page's voltage/power colour for the shown sweep. */
function strokeOf(curve: SweepCurve, y: Props['y'], single: boolean): string {
  if (single && curve.colour === 0) return `var(--series-${y === 'v' ? 'voltageV' : 'powerW'})`
  return `var(--series-${(curve.colour % SERIES_COLOURS) + 1})`
}

/** The recharts plot of a SweepChart. */
function plot({ shown, overlays, sources, y, title, unit }: Props) {
  const curves = sweepCurves(shown, overlays, sources)
  const single = sources.length === 1
  const { mpp } = shown.result
  const mppPoint = { iMa: mpp.currentA * 1000, v: mpp.voltageV, pMw: mpp.powerW * 1000 }
  const openCircuits = curves.filter((c) => !c.overlay).map((c) => ({ key: c.key, row: c.rows[0] }))
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
        {curves.length > 1 && <Legend verticalAlign="top" height={24} />}
        {curves.map((curve) => (
          <Line
            key={curve.key}
            data={curve.rows}
            dataKey={y}
            name={curve.label}
            stroke={strokeOf(curve, y, single)}
            strokeDasharray={curve.overlay ? '6 3' : undefined}
            dot={curve.overlay ? false : { r: 2 }}
            isAnimationActive={false}
          />
        ))}
        {sources.includes('stack') && (
          <ReferenceDot
            x={mppPoint.iMa}
            y={mppPoint[y]}
            r={6}
            className="mpp-dot"
            label={{ value: 'MPP', position: 'top' }}
          />
        )}
        {y === 'v' &&
          openCircuits.map(({ key, row }, i) =>
            row && !Number.isFinite(row.r) ? (
              <ReferenceDot
                key={key}
                x={0}
                y={row.v}
                r={5}
                className="ocv-dot"
                ifOverflow="extendDomain"
                label={i === 0 ? { value: 'OCV', position: 'right' } : undefined}
              />
            ) : null,
          )}
      </LineChart>
    </ResponsiveContainer>
  )
}

/** V-I or P-I of the chosen sources of the shown sweep (solid, points marked) and of earlier sweeps (dashed), MPP and open circuit marked. */
export function SweepChart(props: Props) {
  const { shown, title, testId, meta, sources } = props
  const curves = sweepCurves(shown, props.overlays, sources)
  return (
    <ChartFigure
      title={title}
      testId={testId}
      meta={{ ...meta, fromS: shown.simTimeS ?? 0, toS: shown.simTimeS ?? 0 }}
      attributes={{ 'data-curves': curves.length, 'data-ocv': shown.result.openCircuitV }}
      plotLabel={`${title} against current of ${curves.map((c) => c.label).join(', ')}; the sweep's values are in the table below`}
    >
      {plot(props)}
    </ChartFigure>
  )
}
