import { useEffect, useState, type FormEvent } from 'react'
import type { CoulombicResult } from '../../../../server/contract/analyses'
import type { RunSummary } from '../../../../server/contract/telemetry'
import { downloadBlob } from '../../app/download'
import { TextField } from '../../app/TextField'
import { RequestProblem } from '../twin/RequestProblem'
import { useRequest } from '../twin/use-request'
import type { AnalysesApi, CoulombicBody } from './analyses-api'
import { initialCoulombicForm, parseCoulombicForm, type CoulombicForm } from './coulombic-form'
import { ExportButton } from './ExportButton'
import { ImportFile, type ImportedFile } from './ImportFile'
import { coulombicCsv } from './results-csv'
import { Term } from './Term'

const figure = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits))

function CycleTable({ result }: { result: CoulombicResult }) {
  const row = (label: string, c: CoulombicResult['total']) => (
    <>
      <th scope="row">{label}</th>
      <td>{c.chargeC.toFixed(2)}</td>
      <td>{figure(c.codRemovedMg, 2)}</td>
      <td>{figure(c.codRemovalPct, 1)}</td>
      <td>{figure(c.coulombicEfficiencyPct, 1)}</td>
    </>
  )
  return (
    <table className="table" data-testid="coulombic-cycles">
      <caption>
        {result.mode === 'batch' ? `${result.cycles.length} cycle(s)` : 'Continuous period'}, COD {result.codSource}
      </caption>
      <thead>
        <tr>
          <th scope="col">{result.mode === 'batch' ? 'Cycle' : 'Period'}</th>
          <th scope="col">
            <Term name="charge">Charge (C)</Term>
          </th>
          <th scope="col">
            <Term name="codRemoved">COD removed (mg)</Term>
          </th>
          <th scope="col">
            <Term name="codRemoval">COD removal (%)</Term>
          </th>
          <th scope="col">
            <Term name="coulombicEfficiency">CE (%)</Term>
          </th>
        </tr>
      </thead>
      <tbody>
        {result.cycles.map((c, i) => (
          <tr key={i}>{row(`${i + 1}: ${(c.startS / 3600).toFixed(1)}–${(c.endS / 3600).toFixed(1)} h`, c)}</tr>
        ))}
        <tr>{row('Total', result.total)}</tr>
      </tbody>
    </table>
  )
}

function SourceFields(props: {
  form: CoulombicForm
  set: (patch: Partial<CoulombicForm>) => void
  runs: RunSummary[]
  onFile(file: ImportedFile | undefined): void
}) {
  const { form, set } = props
  return (
    <>
      <label>
        Data
        <select value={form.source} onChange={(e) => set({ source: e.target.value as CoulombicForm['source'] })}>
          <option value="run">a recorded run</option>
          <option value="file">a time-series file</option>
        </select>
      </label>
      {form.source === 'run' ? (
        <>
          <label>
            Run
            <select value={form.runId} onChange={(e) => set({ runId: e.target.value })}>
              <option value="">the latest</option>
              {props.runs.map((run) => (
                <option key={run.runId} value={run.runId}>
                  {run.name} ({run.runId})
                </option>
              ))}
            </select>
          </label>
          <TextField
            label="Cell (empty: all)"
            value={form.cell}
            onChange={(cell) => set({ cell })}
            inputMode="numeric"
          />
        </>
      ) : (
        <ImportFile
          label="Series file"
          format={form.format}
          onFormat={(format) => set({ format })}
          onFile={props.onFile}
        />
      )}
    </>
  )
}

/** Coulombic efficiency and COD removal per cycle or period (docs/twin.md "Coulombic efficiency and COD removal"). */
export function CoulombicPanel({ api }: { api: AnalysesApi }) {
  const [form, setForm] = useState<CoulombicForm>(initialCoulombicForm)
  const [file, setFile] = useState<ImportedFile>()
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [answer, setAnswer] = useState<{ result: CoulombicResult; body: CoulombicBody; source: string }>()
  const { problem, setProblem, busy, send } = useRequest()
  useEffect(() => void api.runs().then(setRuns, () => setRuns([])), [api])
  const set = (patch: Partial<CoulombicForm>) => setForm({ ...form, ...patch })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseCoulombicForm(form, file)
    if (!parsed.ok) return setProblem(parsed.reason)
    const source = parsed.body.file ? (file?.name ?? 'file') : `run ${form.runId || 'latest'}`
    await send(
      () => api.coulombic(parsed.body),
      (result) => setAnswer({ result, body: parsed.body, source }),
    )
  }
  const exportCsv = () => {
    if (!answer) return
    const { file: given, ...inputs } = answer.body
    const meta = { analysis: 'coulombic', source: answer.source, exportedAt: new Date() }
    const csv = coulombicCsv(answer.result, { ...meta, inputs: { ...inputs, format: given?.format } })
    downloadBlob(new Blob([csv], { type: 'text/csv' }), 'coulombic-efficiency.csv')
  }
  const field = (key: keyof CoulombicForm, label: string) => (
    <TextField label={label} value={form[key]} onChange={(value) => set({ [key]: value })} inputMode="decimal" />
  )
  return (
    <section className="panel" aria-labelledby="coulombic-title">
      <h2 id="coulombic-title">Coulombic efficiency and COD removal</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="coulombic-form" noValidate>
        <div className="form-row">
          <SourceFields form={form} set={set} runs={runs} onFile={setFile} />
          <label>
            Operation
            <select value={form.mode} onChange={(e) => set({ mode: e.target.value as CoulombicForm['mode'] })}>
              <option value="continuous">continuous</option>
              <option value="batch">fed-batch cycles</option>
            </select>
          </label>
        </div>
        {form.mode === 'batch' && (
          <label>
            Cycles, one START,END in seconds per line (empty: detected from the voltage)
            <textarea rows={3} value={form.cycles} onChange={(e) => set({ cycles: e.target.value })} />
          </label>
        )}
        <div className="form-row">
          {field('codInMgL', 'COD in (mg/L)')}
          {field('codOutMgL', 'COD out (mg/L)')}
          {field('anodeVolumeL', 'Anode volume (L)')}
          {form.source === 'file' && form.mode === 'continuous' && field('flowLPerDay', 'Flow (L/d)')}
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Analysing…' : 'Analyse'}
          </button>
        </div>
      </form>
      <RequestProblem problem={problem} />
      {answer && (
        <>
          <CycleTable result={answer.result} />
          <ExportButton label="Export coulombic CSV" onExport={exportCsv} />
        </>
      )}
    </section>
  )
}
