import { useState, type FormEvent } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { SeriesFitResultView } from '../../../../server/contract/twin-series-fit'
import { TextField } from '../../app/TextField'
import { ParameterTable, SaveProfile } from './FitResults'
import { RequestProblem } from './RequestProblem'
import type { SeriesFitInput, TwinApi } from './twin-api'
import { useRequest } from './use-request'

type SeriesForm = { source: 'file' | 'run'; csv: string; runId: string; cell: string; s0MgL: string; fit: string }

const initialForm: SeriesForm = { source: 'file', csv: '', runId: '', cell: '1', s0MgL: '', fit: 'eMaxV' }

/** The request from the form, or what is wrong with it (nothing is sent then). */
export function parseSeriesForm(form: SeriesForm): { ok: true; body: SeriesFitInput } | { ok: false; reason: string } {
  const fit = form.fit
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  if (fit.length === 0) return { ok: false, reason: 'Parameters to fit: name at least one, e.g. eMaxV' }
  const s0 = form.s0MgL.trim() === '' ? undefined : Number(form.s0MgL)
  if (s0 !== undefined && !(s0 >= 0 && s0 <= 100_000)) return { ok: false, reason: 'S0: mg/L in 0..100000' }
  const common = { fit, ...(s0 === undefined ? {} : { s0MgL: s0 }) }
  if (form.source === 'file') {
    if (form.csv.trim() === '') return { ok: false, reason: 'Series: paste the CSV (time_s,voltage_V,r_ext_ohm,...)' }
    return { ok: true, body: { ...common, csv: form.csv } }
  }
  const cell = Number(form.cell)
  if (form.runId.trim() === '') return { ok: false, reason: 'Run: give the recorded run’s id (Runs page)' }
  if (!Number.isInteger(cell) || cell < 1) return { ok: false, reason: 'Cell: a number from 1' }
  return { ok: true, body: { ...common, runId: form.runId.trim(), cell } }
}

/** The measured voltage against the fitted model over the series, in hours. */
function SeriesChart({ result }: { result: SeriesFitResultView }) {
  const { timeS, measuredV, modelV } = result.series
  const t0 = timeS[0] ?? 0
  const rows = timeS.map((t, i) => ({ h: (t - t0) / 3600, measured: measuredV[i], model: modelV[i] }))
  return (
    <figure className="chart" data-testid="series-fit-chart" data-points={rows.length}>
      <figcaption>Measured and fitted cell voltage over the series</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="h" type="number" unit=" h" domain={['auto', 'auto']} />
          <YAxis unit=" V" domain={['auto', 'auto']} />
          <Tooltip />
          <Legend />
          <Line dataKey="measured" name="measured" dot={false} isAnimationActive={false} connectNulls={false} />
          <Line dataKey="model" name="model" dot={false} isAnimationActive={false} strokeDasharray="4 2" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}

/** The time-series fit (docs/twin.md "Time-series fit"): a voltage series with its load and feed history. */
export function SeriesFitPanel({ api }: { api: TwinApi }) {
  const [form, setForm] = useState<SeriesForm>(initialForm)
  const [result, setResult] = useState<SeriesFitResultView>()
  const { problem, setProblem, busy, send } = useRequest()
  const field = (key: keyof SeriesForm) => (value: string) => setForm({ ...form, [key]: value })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseSeriesForm(form)
    if (!parsed.ok) return setProblem(parsed.reason)
    await send(() => api.fitSeries(parsed.body), setResult)
  }
  return (
    <section className="panel" aria-labelledby="series-fit-title">
      <h2 id="series-fit-title">Fit the model to a time series</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="series-fit-form" noValidate>
        <div className="form-row">
          <label>
            Data
            <select value={form.source} onChange={(e) => field('source')(e.target.value)}>
              <option value="file">a series file (CSV)</option>
              <option value="run">a recorded run’s cell</option>
            </select>
          </label>
        </div>
        {form.source === 'file' ? (
          <label>
            Series (CSV with time_s,voltage_V,r_ext_ohm,flow_L_per_day[,influent_mg_L][,temperature_K])
            <textarea rows={6} value={form.csv} onChange={(e) => field('csv')(e.target.value)} name="series-csv" />
          </label>
        ) : (
          <div className="form-row">
            <TextField label="Run id" value={form.runId} onChange={field('runId')} />
            <TextField label="Cell" value={form.cell} onChange={field('cell')} inputMode="numeric" />
          </div>
        )}
        <div className="form-row">
          <TextField label="S0 (mg/L, where the data has none)" value={form.s0MgL} onChange={field('s0MgL')} />
          <TextField label="Parameters to fit" value={form.fit} onChange={field('fit')} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Fitting…' : 'Fit series'}
          </button>
        </div>
        <RequestProblem problem={problem} testId="series-fit-problem" />
      </form>
      {result && (
        <>
          <ParameterTable result={result} />
          <SeriesChart result={result} />
          <SaveProfile
            api={api}
            input={{
              description: `series fit of ${result.series.timeS.length} samples`,
              parameters: result.cellParameters,
              origin: {
                kind: 'series-fit',
                rmse: result.rmse,
                fitted: Object.keys(result.identifiable).filter((name) => result.identifiable[name]),
                notIdentifiable: Object.keys(result.notIdentifiable),
                samples: result.series.timeS.length,
              },
            }}
          />
        </>
      )}
    </section>
  )
}
