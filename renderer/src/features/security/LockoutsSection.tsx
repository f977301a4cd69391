import { OutcomeNote } from '../../app/OutcomeNote'
import { formatDateTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'

/** Accounts and addresses locked out after failed sign-ins; an admin can lift a lockout early. */
export function LockoutsSection() {
  const lockouts = useSecurity((s) => s.lockouts)
  const lift = useSecurity((s) => s.liftLockout)
  const { outcome, run } = useChange()
  return (
    <section className="panel" aria-labelledby="lockouts-title" data-testid="lockouts">
      <h2 id="lockouts-title">Lockouts</h2>
      <OutcomeNote outcome={outcome} />
      {lockouts.length === 0 ? (
        <p className="muted">Nobody is locked out.</p>
      ) : (
        <ul className="plain-list">
          {lockouts.map((l) => (
            <li key={`${l.kind}:${l.key}`} className="request">
              <span>
                {l.kind} <strong>{l.key}</strong>: {l.failures} failed sign-ins
                {l.lockedUntil && `, locked until ${formatDateTime(l.lockedUntil)}`}
              </span>
              <button type="button" className="button button--small" onClick={() => void run(() => lift(l))}>
                Lift
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
