import { useState, type FormEvent } from 'react'
import type { AuditVerify } from '../../../../server/contract/security'
import { useSecurity } from '../../store'
import { AUDIT_PAGE } from '../../store/security'
import { formatDateTime } from '../../app/time-format'

/** What a verification found, including the anchor kept outside the database (number and hash of the last entry). */
function auditCheckText(check: AuditVerify): string {
  const anchor = check.anchor
    ? ` Anchor: entry ${check.anchor.seq}, hash ${check.anchor.hash.slice(0, 16)}…, saved ${formatDateTime(check.anchor.at)}.`
    : ' No anchor saved yet.'
  if (check.ok) return `Hash chain intact over ${check.entries} entries.${anchor}`
  if (check.missingTail !== undefined)
    return `${check.missingTail} entries are missing at the end of the log (it holds ${check.entries}).${anchor}`
  return `Hash chain broken at entry ${check.firstBrokenSeq ?? '?'} (of ${check.entries}): the log was altered.${anchor}`
}

/** The newest audit entries, filterable by action; the whole log downloads as NDJSON. */
export function AuditSection() {
  const audit = useSecurity((s) => s.audit)
  const filterAudit = useSecurity((s) => s.filterAudit)
  const check = useSecurity((s) => s.auditCheck)
  const verify = useSecurity((s) => s.verifyAudit)
  const [action, setAction] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void filterAudit(action.trim())
  }
  return (
    <section className="panel" aria-labelledby="audit-title" data-testid="audit">
      <div className="toolbar">
        <h2 id="audit-title">Audit log (newest {AUDIT_PAGE})</h2>
        <form className="form-row" onSubmit={submit}>
          <label>
            Action
            <input
              name="action"
              value={action}
              placeholder="e.g. token.create"
              onChange={(e) => setAction(e.target.value)}
            />
          </label>
          <button type="submit" className="button">
            Filter
          </button>
        </form>
        <button type="button" className="button" onClick={() => void verify()}>
          Verify chain
        </button>
        <a className="button" href="/api/v1/security/audit/export" download>
          Export all
        </a>
      </div>
      {check && (
        <p
          className={check.ok ? 'outcome outcome--ok' : 'outcome outcome--bad'}
          role="status"
          data-testid="audit-check"
        >
          {auditCheckText(check)}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {audit.map((e) => (
            <tr key={e.seq} data-testid="audit-row">
              <td>{e.seq}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ''}</td>
              <td>{e.ip ?? ''}</td>
              <td className={e.outcome === 'ok' ? undefined : 'text-bad'}>{e.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
