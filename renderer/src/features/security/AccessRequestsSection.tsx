import { useState } from 'react'
import type { Role } from '../../../../server/contract/access'
import type { AccessRequestInfo } from '../../../../server/contract/auth'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { formatDateTime } from '../../app/time-format'
import { RoleOptions } from './RoleOptions'

function RequestRow({ request }: { request: AccessRequestInfo }) {
  const approve = useSecurity((s) => s.approveRequest)
  const deny = useSecurity((s) => s.denyRequest)
  const [role, setRole] = useState<Role>('viewer')
  const { outcome, run } = useChange()
  return (
    <li className="request" data-testid="access-request">
      <span>
        <strong>{request.name}</strong> from {request.ip}, asked {formatDateTime(request.createdAt)}, expires{' '}
        {formatDateTime(request.expiresAt)}
      </span>
      <span className="form-row">
        <select aria-label={`Role for ${request.name}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <RoleOptions />
        </select>
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => void run(() => approve(request, role))}
        >
          Approve
        </button>
        <button
          type="button"
          className="button button--danger button--small"
          onClick={() => void run(() => deny(request))}
        >
          Deny
        </button>
        <OutcomeNote outcome={outcome} />
      </span>
    </li>
  )
}

/** Instruments asking for a token: approve with a role (the instrument collects its token once) or deny. */
export function AccessRequestsSection() {
  const requests = useSecurity((s) => s.requests)
  return (
    <section className="panel" aria-labelledby="requests-title" data-testid="access-requests">
      <h2 id="requests-title">Instrument access requests</h2>
      {requests.length === 0 ? (
        <p className="muted">No pending requests.</p>
      ) : (
        <ul className="plain-list">
          {requests.map((r) => (
            <RequestRow key={r.id} request={r} />
          ))}
        </ul>
      )}
    </section>
  )
}
