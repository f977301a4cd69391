import { useState, type FormEvent } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { WhatIfOutcome, WhatIfResult } from '../../../../server/contract/twin'
import { TextField } from '../../app/TextField'
import type { TwinApi } from './twin-api'
import { useRequest } from './use-request'

const controllers = ['mppt', 'pid', 'fixed', 'qlearning'] as const

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
      <ResponsiveContainer width="100%" height={240}>
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

/** "What if" (docs/twin.md "What-if"): a controller on the twin from its current state, against the current one. */
export function WhatIfPanel({ api }: { api: TwinApi }) {
  const [kind, setKind] = useState<(typeof controllers)[number]>('mppt')
  const [days, setDays] = useState('3')
  const [result, setResult] = useState<WhatIfResult>()
  const { problem, busy, send } = useRequest()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await send(() => api.whatIf({ horizonS: Number(days) * 86_400, candidate: { controller: { kind } } }), setResult)
  }
  return (
    <section className="panel" aria-labelledby="what-if-title">
      <h2 id="what-if-title">What if</h2>
      <form className="form-row" onSubmit={(e) => void submit(e)} data-testid="what-if-form">
        <label>
          Controller
          <select value={kind} onChange={(e) => setKind(e.target.value as (typeof controllers)[number])}>
            {controllers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <TextField label="For (days)" value={days} onChange={setDays} inputMode="decimal" />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Running on the twin…' : 'Try on the twin'}
        </button>
      </form>
      {problem && (
        <p role="alert" className="outcome outcome--bad">
          {problem}
        </p>
      )}
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
