import { TextField } from '../../app/TextField'
import { useState, type FormEvent } from 'react'
import { tokenScopes, type Role, type TokenScope } from '../../../../server/contract/access'
import type { CreateTokenRequest } from '../../../../server/contract/auth'
import { OutcomeNote } from '../../app/OutcomeNote'
import type { Outcome } from '../../store/change-runner'
import { RoleOptions } from './RoleOptions'
import { scopeHelp } from './token-snippets'

type Form = {
  name: string
  grant: 'role' | 'scopes'
  role: Role
  scopes: TokenScope[]
  days: string
  hazardous: boolean
}

/** The request the form describes: a role or a set of scopes (the API takes exactly one of them). */
export function tokenRequest(form: Form): CreateTokenRequest {
  return {
    name: form.name,
    ...(form.grant === 'role' ? { role: form.role } : { scopes: form.scopes }),
    ...(form.days ? { expiresInDays: Number(form.days) } : {}),
    ...(form.hazardous ? { hazardous: true } : {}),
  }
}

function ScopePicker({ scopes, onChange }: { scopes: readonly TokenScope[]; onChange(next: TokenScope[]): void }) {
  return (
    <fieldset className="scope-picker" data-testid="scope-picker">
      <legend>Scopes</legend>
      {tokenScopes.map((scope) => (
        <label key={scope} className="inline-check">
          <input
            type="checkbox"
            name="scope"
            value={scope}
            checked={scopes.includes(scope)}
            onChange={(e) => onChange(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
          />
          <code>{scope}</code>: {scopeHelp[scope]}
        </label>
      ))}
    </fieldset>
  )
}

/** The opt-in for hazardous actions (off by default, docs/security.md "Re-authentication"). */
function HazardousCheck({ checked, onChange }: { checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label
      className="inline-check"
      title="Stop or reset a run, inject faults, manage users and tokens, replace the certificate"
    >
      <input name="hazardous" type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      Hazardous actions allowed
    </label>
  )
}

/** Creates a token with a role or with chosen scopes (e.g. metrics:read for Prometheus), expiring or not. */
export function TokenForm({
  onCreate,
  outcome,
}: {
  onCreate(request: CreateTokenRequest): void
  outcome: Outcome | undefined
}) {
  const [form, setForm] = useState<Form>({
    name: '',
    grant: 'role',
    role: 'viewer',
    scopes: ['telemetry:read'],
    days: '90',
    hazardous: false,
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onCreate(tokenRequest(form))
  }
  return (
    <form className="form-row" onSubmit={submit}>
      <TextField
        label="Name"
        name="name"
        required
        value={form.name}
        onChange={(value) => setForm({ ...form, name: value })}
      />
      <label>
        Grants
        <select
          name="grant"
          value={form.grant}
          onChange={(e) => setForm({ ...form, grant: e.target.value as Form['grant'] })}
        >
          <option value="role">a role</option>
          <option value="scopes">scopes</option>
        </select>
      </label>
      {form.grant === 'role' ? (
        <label>
          Role
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            <RoleOptions />
          </select>
        </label>
      ) : (
        <ScopePicker scopes={form.scopes} onChange={(scopes) => setForm({ ...form, scopes })} />
      )}
      <TextField
        label="Expires in (days, empty = never)"
        name="days"
        type="number"
        min="1"
        max="3650"
        value={form.days}
        onChange={(value) => setForm({ ...form, days: value })}
      />
      <HazardousCheck checked={form.hazardous} onChange={(hazardous) => setForm({ ...form, hazardous })} />
      <button
        type="submit"
        className="button button--primary"
        disabled={form.grant === 'scopes' && form.scopes.length === 0}
      >
        Create token
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}
