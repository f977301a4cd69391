import { TextField } from '../../app/TextField'
import { useState, type FormEvent } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import { formatDateTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'

/** A new allow or deny rule, confirmed before it applies. */
function IpRuleForm() {
  const add = useSecurity((s) => s.addIpRule)
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
      <TextField label="Note" name="note" value={form.note} onChange={(value) => setForm({ ...form, note: value })} />
      <button type="submit" className="button">
        Add rule
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}

/** Allow/deny rules by address range (CIDR), checked before anything else. */
export function IpRulesSection() {
  const rules = useSecurity((s) => s.ipRules)
  const remove = useSecurity((s) => s.removeIpRule)
  const { outcome, apply } = useChange()
  return (
    <section className="panel" aria-labelledby="rules-title" data-testid="ip-rules">
      <h2 id="rules-title">IP rules</h2>
      <IpRuleForm />
      <OutcomeNote outcome={outcome} />
      {rules.length === 0 ? (
        <p className="muted">No rules: every address may try to sign in.</p>
      ) : (
        <ul className="plain-list">
          {rules.map((r) => (
            <li key={r.id} className="request">
              <span>
                <strong>{r.action}</strong> {r.cidr} {r.note && `· ${r.note}`} · {r.createdBy},{' '}
                {formatDateTime(r.createdAt)}
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
