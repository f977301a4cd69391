import { useState, type FormEvent } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { when } from './format'

/** Who is signed in now; an admin can end any session. */
export function SessionsSection() {
  const sessions = useSecurity((s) => s.sessions)
  const revoke = useSecurity((s) => s.revokeSession)
  const { outcome, apply } = useChange()
  return (
    <section className="panel" aria-labelledby="sessions-title" data-testid="sessions">
      <h2 id="sessions-title">Active sessions</h2>
      <OutcomeNote outcome={outcome} />
      <table className="table">
        <thead>
          <tr>
            <th>User</th>
            <th>From</th>
            <th>Signed in</th>
            <th>Last seen</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.username}</td>
              <td>{s.local ? 'desktop window' : `${s.ip} · ${s.userAgent.slice(0, 40)}`}</td>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small button--danger"
                  onClick={() =>
                    void apply(
                      {
                        title: `End ${s.username}'s session?`,
                        body: 'They are signed out at once.',
                        confirmLabel: 'End session',
                      },
                      () => revoke(s),
                    )
                  }
                >
                  End
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** Allow/deny rules by address range (CIDR), checked before anything else. */
export function IpRulesSection() {
  const rules = useSecurity((s) => s.ipRules)
  const add = useSecurity((s) => s.addIpRule)
  const remove = useSecurity((s) => s.removeIpRule)
  const [form, setForm] = useState<{ action: 'allow' | 'deny'; cidr: string; note: string }>({
    action: 'deny',
    cidr: '',
    note: '',
  })
  const { outcome, apply } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void apply(
      {
        title: `${form.action} ${form.cidr}?`,
        body: 'The rule applies to the next request.',
        confirmLabel: 'Add rule',
      },
      () => add(form),
    )
  }
  return (
    <section className="panel" aria-labelledby="rules-title" data-testid="ip-rules">
      <h2 id="rules-title">IP rules</h2>
      <form className="form-row" onSubmit={submit}>
        <label>
          Action
          <select
            name="action"
            value={form.action}
            onChange={(e) => setForm({ ...form, action: e.target.value as 'allow' | 'deny' })}
          >
            <option>deny</option>
            <option>allow</option>
          </select>
        </label>
        <label>
          Address or range (CIDR)
          <input
            name="cidr"
            required
            value={form.cidr}
            placeholder="192.168.10.0/24"
            onChange={(e) => setForm({ ...form, cidr: e.target.value })}
          />
        </label>
        <label>
          Note
          <input name="note" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </label>
        <button type="submit" className="button">
          Add rule
        </button>
        <OutcomeNote outcome={outcome} />
      </form>
      {rules.length === 0 ? (
        <p className="muted">No rules: every address may try to sign in.</p>
      ) : (
        <ul className="plain-list">
          {rules.map((r) => (
            <li key={r.id} className="request">
              <span>
                <strong>{r.action}</strong> {r.cidr} {r.note && `· ${r.note}`} · {r.createdBy}, {when(r.createdAt)}
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  void apply(
                    {
                      title: `Remove ${r.action} ${r.cidr}?`,
                      body: 'The rule stops applying at once.',
                      confirmLabel: 'Remove',
                    },
                    () => remove(r),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

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
                {l.lockedUntil && `, locked until ${when(l.lockedUntil)}`}
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
