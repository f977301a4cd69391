import { useState, type FormEvent } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { WhatIfOutcome, WhatIfResult } from '../../../../server/contract/twin'
import { TextField } from '../../app/TextField'
import type { TwinApi } from './twin-api'
import { RequestProblem } from './RequestProblem'
import { useRequest } from './use-request'
import { controllerKinds, planOf, type PlanChoice } from './what-if-plan'

function OutcomeRow({ outcome }: { outcome: WhatIfOutcome }) {
  return (
    <tr>
      <th scope="row">{outcome.label}</th>
      <td>{(outcome.energyJ / 3600).toFixed(3)} Wh</td>
      <td>{(outcome.meanPowerW * 1000).toFixed(3)} mW</td>
      <td>{outcome.minCellVoltageV.toFixed(3)} V</td>
      <td>{outcome.reversalCellHours.toFixed(1)}</td>
    </tr>
  )
}

function WhatIfChart({ result }: { result: WhatIfResult }) {
  const rows = result.candidate.timeS.map((t, i) => ({
    hours: t / 3600,
    candidate: (result.candidate.powerW[i] ?? NaN) * 1000,
    baseline: (result.baseline.powerW[i] ?? NaN) * 1000,
  }))
  return (
    <figure className="chart" data-testid="what-if-chart" data-points={rows.length}>
      <figcaption>Predicted stack power</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="hours" type="number" unit=" h" />
          <YAxis unit=" mW" />
          <Tooltip />
          <Legend />
          <Line dataKey="candidate" name={result.candidate.label} dot={false} isAnimationActive={false} />
          <Line dataKey="baseline" name={result.baseline.label} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}

function PlanPicker(props: {
  legend: string
  choice: PlanChoice
  onChange(choice: PlanChoice): void
  current?: boolean
}) {
  const { choice, onChange } = props
  return (
    <fieldset className="form-row">
      <legend>{props.legend}</legend>
      <label>
        Controller
        <select
          value={choice.kind}
          onChange={(e) => onChange({ ...choice, kind: e.target.value as PlanChoice['kind'] })}
        >
          {props.current && <option value="current">the current controller</option>}
          {controllerKinds.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          <option value="custom">a controller spec (JSON)</option>
        </select>
      </label>
      {choice.kind === 'custom' && (
        <label>
          Spec, as the run config&apos;s controller
          <textarea rows={2} value={choice.json} onChange={(e) => onChange({ ...choice, json: e.target.value })} />
        </label>
      )}
    </fieldset>
  )
}

/** "What if" (docs/twin.md "What if"): a candidate controller on the twin from its current state, against a baseline. */
export function WhatIfPanel({ api }: { api: TwinApi }) {
  const [candidate, setCandidate] = useState<PlanChoice>({ kind: 'mppt', json: '' })
  const [baseline, setBaseline] = useState<PlanChoice>({ kind: 'current', json: '' })
  const [days, setDays] = useState('3')
  const [result, setResult] = useState<WhatIfResult>()
  const { problem, setProblem, busy, send } = useRequest()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const [tried, against] = [planOf(candidate, 'Candidate'), planOf(baseline, 'Baseline')]
    if (!tried.ok) return setProblem(tried.reason)
    if (!against.ok) return setProblem(against.reason)
    const body = {
      horizonS: Number(days) * 86_400,
      candidate: tried.plan ?? {},
      ...(against.plan ? { baseline: against.plan } : {}),
    }
    await send(() => api.whatIf(body), setResult)
  }
  return (
    <section className="panel" aria-labelledby="what-if-title">
      <h2 id="what-if-title">What if</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="what-if-form">
        <PlanPicker legend="Candidate" choice={candidate} onChange={setCandidate} />
        <PlanPicker legend="Against" choice={baseline} onChange={setBaseline} current />
        <div className="form-row">
          <TextField label="For (days)" value={days} onChange={setDays} inputMode="decimal" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Running on the twin…' : 'Try on the twin'}
          </button>
        </div>
      </form>
      <RequestProblem problem={problem} />
      {result && (
        <>
          <table className="table" data-testid="what-if-outcomes">
            <caption>
              Predicted over {(result.horizonS / 86_400).toFixed(1)} days from now (computed in{' '}
              {result.elapsedMs.toFixed(0)} ms)
            </caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Energy</th>
                <th scope="col">Mean power</th>
                <th scope="col">Lowest cell</th>
                <th scope="col">Reversal cell-hours</th>
              </tr>
            </thead>
            <tbody>
              <OutcomeRow outcome={result.candidate} />
              <OutcomeRow outcome={result.baseline} />
            </tbody>
          </table>
          <WhatIfChart result={result} />
        </>
      )}
    </section>
  )
}
