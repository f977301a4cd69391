import { useEffect, useState } from 'react'
import type { RunSummary } from '../../../../server/contract/telemetry'
import { downloadBlob } from '../../app/download'
import { routeHref } from '../../app/route'
import { formatDateTime as when } from '../../app/time-format'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useCan, useRuns } from '../../store'
import { runCsvFilename, runEndLabel } from '../../store/runs'
import type { Outcome } from '../../store/change-runner'

/** The list follows new runs (a reset starts one) without a reload; runs change rarely. */
const REFRESH_MS = 10_000

/** Notes as text, or an editor for those who may change them. */
function RunNotes({ run, canEdit }: { run: RunSummary; canEdit: boolean }) {
  const saveNotes = useRuns((s) => s.saveNotes)
  const [draft, setDraft] = useState<string>()
  const { outcome, run: save } = useChange()
  if (!canEdit) return <span data-testid="run-notes">{run.notes || '–'}</span>
  if (draft === undefined)
    return (
      <span className="form-row">
        <span data-testid="run-notes">{run.notes || '–'}</span>
        <button type="button" className="button button--small" onClick={() => setDraft(run.notes)}>
          Edit notes
        </button>
        <OutcomeNote outcome={outcome} />
      </span>
    )
  return (
    <form
      className="form-row form-row--stack"
      onSubmit={(event) => {
        event.preventDefault()
        void save(async () => {
          const result = await saveNotes(run, draft)
          if (result.ok) setDraft(undefined)
          return result
        })
      }}
    >
      <label>
        Notes
        <textarea name="notes" rows={3} maxLength={10_000} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <span className="form-row">
        <button type="submit" className="button button--primary button--small">
          Save notes
        </button>
        <button type="button" className="button button--small" onClick={() => setDraft(undefined)}>
          Cancel
        </button>
        <OutcomeNote outcome={outcome} />
      </span>
    </form>
  )
}

/** Fetches the run's CSV through the API client and saves it as a blob, like the charts' CSV export. */
function CsvDownload({ run }: { run: RunSummary }) {
  const exportCsv = useRuns((s) => s.exportCsv)
  const [outcome, setOutcome] = useState<Outcome>()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    setOutcome(undefined)
    const result = await exportCsv(run)
    setBusy(false)
    if (result.blob) downloadBlob(result.blob, runCsvFilename(run))
    else setOutcome(result)
  }
  return (
    <>
      <button
        type="button"
        className="button button--small"
        data-testid="run-csv"
        disabled={busy}
        onClick={() => void download()}
      >
        {busy ? 'Preparing…' : 'Download CSV'}
      </button>
      <OutcomeNote outcome={outcome} />
    </>
  )
}

/** Recorded runs, newest first: when, how they ended, controller, notes, CSV export. */
export function RunsPage() {
  const runs = useRuns((s) => s.runs)
  const total = useRuns((s) => s.total)
  const readError = useRuns((s) => s.readError)
  const canEdit = useCan('simulation:control')
  useEffect(() => {
    void useRuns.getState().refresh()
    const timer = setInterval(() => void useRuns.getState().refresh(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  return (
    <section className="panel" aria-labelledby="runs-title" data-testid="runs">
      <h2 id="runs-title">Recorded runs</h2>
      {readError && (
        <p className="outcome outcome--bad" role="alert">
          Cannot read the recorded runs: {readError}
        </p>
      )}
      {total > runs.length && (
        <p className="muted">
          The newest {runs.length} of {total} runs.
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">How it ended</th>
            <th scope="col">Controller</th>
            <th scope="col">Notes</th>
            <th scope="col">Telemetry</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId} data-testid="run-row" data-run-id={run.runId}>
              <td>{run.name}</td>
              <td>{when(run.startedAt)}</td>
              <td>{when(run.endedAt)}</td>
              <td data-testid="run-end">{runEndLabel(run)}</td>
              <td>{run.controller}</td>
              <td>
                <RunNotes run={run} canEdit={canEdit} />
              </td>
              <td>
                <span className="form-row">
                  <a
                    className="button button--small"
                    href={routeHref({ page: 'history', runId: run.runId })}
                    data-testid="run-open"
                  >
                    Open in charts
                  </a>
                  <CsvDownload run={run} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length === 0 && !readError && <p className="muted">No recorded runs yet.</p>}
    </section>
  )
}
