import { useState, type FormEvent } from 'react'
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { PolarizationSweep } from '../../../../server/contract/simulation'
import { useCan, useSimulation } from '../../store'
import type { Outcome } from '../../store/simulation'
import { OutcomeNote } from '../../app/OutcomeNote'

/** Sweep points in display units: current in mA on x, voltage in V and power in mW on y. */
function toRows(sweep: PolarizationSweep) {
  return sweep.points
    .map((p) => ({ iMa: p.currentA * 1000, v: p.voltageV, pMw: p.powerW * 1000, r: p.rExtOhm }))
    .sort((a, b) => a.iMa - b.iMa)
}

function Curve({
  sweep,
  y,
  label,
  unit,
  testId,
}: {
  sweep: PolarizationSweep
  y: 'v' | 'pMw'
  label: string
  unit: string
  testId: string
}) {
  const mpp = { iMa: sweep.mpp.currentA * 1000, v: sweep.mpp.voltageV, pMw: sweep.mpp.powerW * 1000 }
  return (
    <figure className="chart-panel" data-testid={testId}>
      <figcaption className="chart-panel__caption">{label}</figcaption>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={toRows(sweep)} margin={{ top: 16, right: 24, bottom: 16, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="chart__grid" />
            <XAxis
              dataKey="iMa"
              type="number"
              domain={[0, 'dataMax']}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={{ value: 'Current (mA)', position: 'insideBottom', offset: -8 }}
            />
            <YAxis domain={[0, 'auto']} width={64} tickFormatter={(v: number) => v.toFixed(3)} />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(i) => `I = ${Number(i).toFixed(3)} mA`}
              formatter={(value) => [`${Number(value).toFixed(4)} ${unit}`, label]}
            />
            <Line
              type="monotone"
              dataKey={y}
              stroke={`var(--series-${y === 'v' ? 'voltageV' : 'powerW'})`}
              isAnimationActive={false}
              dot={{ r: 2 }}
            />
            <ReferenceDot x={mpp.iMa} y={mpp[y]} r={6} className="mpp-dot" label={{ value: 'MPP', position: 'top' }} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}

/** Polarization (V-I) and power (P-I) curves from a sweep of the external resistance, the maximum power point marked. */
export function Polarization() {
  const sweep = useSimulation((s) => s.sweep)
  const runSweep = useSimulation((s) => s.runSweep)
  const pending = useSimulation((s) => s.pending)
  const canControl = useCan('simulation:control')
  const [form, setForm] = useState({ minOhm: '10', maxOhm: '2000', points: '40' })
  const [outcome, setOutcome] = useState<Outcome>()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setOutcome(
      await runSweep({ minOhm: Number(form.minOhm), maxOhm: Number(form.maxOhm), points: Number(form.points) }),
    )
  }
  const field = (key: keyof typeof form, label: string, step: string) => (
    <label>
      {label}
      <input
        type="number"
        step={step}
        required
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        name={key}
      />
    </label>
  )
  return (
    <section className="panel" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Polarization and power curves</h2>
      {canControl ? (
        <form className="form-row" onSubmit={submit} data-testid="sweep-form">
          {field('minOhm', 'From (Ω)', 'any')}
          {field('maxOhm', 'To (Ω)', 'any')}
          {field('points', 'Points', '1')}
          <button type="submit" className="button button--primary" disabled={pending !== undefined}>
            Run sweep
          </button>
          <OutcomeNote outcome={outcome} />
        </form>
      ) : (
        <p className="muted">Sweeps need the simulation:control permission.</p>
      )}
      {sweep === undefined ? (
        <p className="muted">
          Run a sweep to plot the curves. The sweep runs the model to steady state at each resistance; the live run is
          not changed.
        </p>
      ) : (
        <>
          <p data-testid="mpp">
            Maximum power point: <strong>{(sweep.mpp.powerW * 1000).toFixed(3)} mW</strong> at{' '}
            {(sweep.mpp.currentA * 1000).toFixed(3)} mA, {sweep.mpp.voltageV.toFixed(3)} V, R<sub>ext</sub>{' '}
            {sweep.mpp.rExtOhm.toFixed(0)} Ω
          </p>
          <div className="chart-grid chart-grid--two">
            <Curve sweep={sweep} y="v" label="Polarization: voltage" unit="V" testId="sweep-vi" />
            <Curve sweep={sweep} y="pMw" label="Power" unit="mW" testId="sweep-pi" />
          </div>
        </>
      )}
    </section>
  )
}
