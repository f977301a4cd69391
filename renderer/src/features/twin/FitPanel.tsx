import { useState, type FormEvent } from 'react'
import {
  CartesianGrid,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ComposedChart,
} from 'recharts'
import type { FitRequestBody, FitResultView } from '../../../../server/contract/twin'
import { TextField } from '../../app/TextField'
import { ParameterTable, SaveProfile } from './FitResults'
import type { TwinApi } from './twin-api'
import { RequestProblem } from './RequestProblem'
import { useRequest } from './use-request'
import { initialFitForm, parseFitForm, profileOfFit, type FitForm } from './twin-form'

/** The measured points against the fitted model's curve, voltage over current. */
function FitChart({ result }: { result: FitResultView }) {
  const points = result.points.map((p) => ({ iMa: p.currentA * 1000, measured: p.voltageV }))
  const curve = result.curve.map((p) => ({ iMa: p.currentA * 1000, model: p.voltageV }))
  return (
    <figure className="chart" data-testid="fit-chart" data-points={points.length}>
      <figcaption>Data and fitted model</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="iMa" type="number" unit=" mA" domain={['auto', 'auto']} />
          <YAxis unit=" V" domain={['auto', 'auto']} />
          <Tooltip />
          <Legend />
          <Line data={curve} dataKey="model" name="model" dot={false} isAnimationActive={false} />
          <Scatter data={points} dataKey="measured" name="measured" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  )
}

/** Parameter estimation (docs/twin.md "Parameter estimation"): points in, parameters with honest uncertainty out. */
export function FitPanel({ api }: { api: TwinApi }) {
  const [form, setForm] = useState<FitForm>(initialFitForm)
  const [answer, setAnswer] = useState<{ result: FitResultView; body: FitRequestBody }>()
  const { problem, setProblem, busy, send } = useRequest()
  const field = (key: keyof FitForm) => (value: string) => setForm({ ...form, [key]: value })
  const parsed = parseFitForm(form)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!parsed.ok) return setProblem(parsed.reason)
    const { body } = parsed
    await send(
      () => api.fit(body),
      (result) => setAnswer({ result, body }),
    )
  }
  return (
    <section className="panel" aria-labelledby="fit-title">
      <h2 id="fit-title">Fit the model to a cell</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="fit-form" noValidate>
        <label>
          Polarization points (CSV with r_ext_ohm,voltage_V,current_A)
          <textarea rows={6} value={form.csv} onChange={(e) => field('csv')(e.target.value)} name="csv" />
        </label>
        <div className="form-row">
          <TextField label="S0 (mg/L)" value={form.s0MgL} onChange={field('s0MgL')} inputMode="decimal" />
          <TextField label="Flow (L/d)" value={form.flowLPerDay} onChange={field('flowLPerDay')} inputMode="decimal" />
          <TextField label="Parameters to fit" value={form.fit} onChange={field('fit')} />
          <label>
            Biofilm
            <select value={form.biofilm} onChange={(e) => field('biofilm')(e.target.value)}>
              <option value="steady">at its steady state at each load</option>
              <option value="held">held as grown at one load</option>
            </select>
          </label>
          {form.biofilm === 'held' && (
            <TextField label="Grown at (Ω)" value={form.grownAtOhm} onChange={field('grownAtOhm')} />
          )}
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Fitting…' : 'Fit'}
          </button>
        </div>
        <RequestProblem problem={problem} testId="fit-problem" />
      </form>
      {answer && (
        <>
          <ParameterTable result={answer.result} />
          <FitChart result={answer.result} />
          <SaveProfile
            api={api}
            input={profileOfFit(answer.result, answer.body, `fit of ${answer.result.points.length} points`)}
          />
        </>
      )}
    </section>
  )
}
