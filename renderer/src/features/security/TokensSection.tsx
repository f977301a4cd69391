import { useState, type FormEvent } from 'react'
import type { Role } from '../../../../server/contract/access'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { when } from './format'
import { RoleOptions } from './RoleOptions'

/** The new token, shown once: the station stores only a keyed hash of it. */
function NewToken({ token, onDone }: { token: string; onDone(): void }) {
  const [copied, setCopied] = useState<string>()
  const copy = () =>
    navigator.clipboard.writeText(token).then(
      () => setCopied('Copied'),
      () => setCopied('Copy failed: select the token and copy it by hand'),
    )
  return (
    <div className="notice-box" role="status" data-testid="new-token">
      <p>Copy this token now. It is shown only once.</p>
      <code className="fingerprint" data-testid="new-token-value">
        {token}
      </code>
      <div className="form-row">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
        {copied && <span className="outcome">{copied}</span>}
      </div>
    </div>
  )
}

export function TokensSection() {
  const tokens = useSecurity((s) => s.tokens)
  const createToken = useSecurity((s) => s.createToken)
  const revokeToken = useSecurity((s) => s.revokeToken)
  const [form, setForm] = useState<{ name: string; role: Role; days: string; hazardous: boolean }>({
    name: '',
    role: 'viewer',
    days: '90',
    hazardous: false,
  })
  const [created, setCreated] = useState<string>()
  const { outcome, apply, run } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = await createToken({
        name: form.name,
        role: form.role,
        ...(form.days ? { expiresInDays: Number(form.days) } : {}),
        ...(form.hazardous ? { hazardous: true } : {}),
      })
      if (result.token) setCreated(result.token)
      return result
    })
  }
  return (
    <section className="panel" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">API tokens</h2>
      <form className="form-row" onSubmit={submit}>
        <label>
          Name
          <input name="name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Role
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            <RoleOptions />
          </select>
        </label>
        <label>
          Expires in (days, empty = never)
          <input
            name="days"
            type="number"
            min="1"
            max="3650"
            value={form.days}
            onChange={(e) => setForm({ ...form, days: e.target.value })}
          />
        </label>
        <label title="Stop or reset a run, inject faults, manage users and tokens, replace the certificate">
          <input
            name="hazardous"
            type="checkbox"
            checked={form.hazardous}
            onChange={(e) => setForm({ ...form, hazardous: e.target.checked })}
          />
          Hazardous actions allowed
        </label>
        <button type="submit" className="button button--primary">
          Create token
        </button>
        <OutcomeNote outcome={outcome} />
      </form>
      {created && <NewToken token={created} onDone={() => setCreated(undefined)} />}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role / scopes</th>
            <th>Hazardous actions</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row" className={t.revokedAt ? 'muted' : undefined}>
              <td>{t.name}</td>
              <td>{t.role ?? t.scopes?.join(', ')}</td>
              <td>{t.hazardous ? 'allowed' : 'refused'}</td>
              <td>
                {when(t.createdAt)} by {t.createdBy}
              </td>
              <td>{when(t.expiresAt)}</td>
              <td>{t.lastUsedAt ? `${when(t.lastUsedAt)} from ${t.lastUsedIp ?? '?'}` : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  `revoked ${when(t.revokedAt)}`
                ) : (
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() =>
                      void apply(
                        {
                          title: `Revoke "${t.name}"?`,
                          body: 'Every client using this token loses access at once.',
                          confirmLabel: 'Revoke',
                        },
                        () => revokeToken(t),
                      )
                    }
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
