import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useTelemetry } from '../../store/telemetry'

const formatHours = (simTimeS: number) => `${(simTimeS / 3600).toFixed(2)} h`

/** Live stack voltage (V) and power (mW) against simulated time. */
export function LiveChart() {
  const points = useTelemetry((s) => s.points)
  return (
    <section className="panel" aria-labelledby="live-chart-title">
      <h2 id="live-chart-title">Stack: voltage and power</h2>
      <div className="chart" data-testid="live-chart" data-points={points.length}>
        {points.length === 0 ? (
          <p className="chart__empty">Waiting for telemetry…</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
              <XAxis dataKey="simTimeS" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatHours} minTickGap={40} />
              <YAxis yAxisId="voltage" domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} label={{ value: 'Voltage (V)', angle: -90, position: 'insideLeft', offset: -2 }} />
              <YAxis yAxisId="power" orientation="right" domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} label={{ value: 'Power (mW)', angle: 90, position: 'insideRight', offset: -2 }} />
              <Tooltip labelFormatter={(t) => formatHours(Number(t))} formatter={(value, name) => [Number(value).toFixed(4), name]} />
              <Legend />
              <Line yAxisId="voltage" type="monotone" dataKey="voltageV" name="Voltage (V)" stroke="var(--series-voltage)" dot={false} isAnimationActive={false} />
              <Line yAxisId="power" type="monotone" dataKey="powerMw" name="Power (mW)" stroke="var(--series-power)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  )
}
