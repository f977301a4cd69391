import { TextField } from '../../app/TextField'
import { useState, type FormEvent } from 'react'
import type { Role } from '../../../../server/contract/access'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { RoleOptions } from './RoleOptions'

const empty = { username: '', password: '', role: 'viewer' as Role }

/** A new user with a password and a role. */
export function UserForm() {
  const createUser = useSecurity((s) => s.createUser)
  const [form, setForm] = useState(empty)
  const { outcome, run } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = await createUser(form)
      if (result.ok) setForm(empty)
      return result
    })
  }
  return (
    <form className="form-row" onSubmit={submit}>
      <TextField
        label="User name"
        name="username"
        required
        autoComplete="off"
        value={form.username}
        onChange={(value) => setForm({ ...form, username: value })}
      />
      <TextField
        label="Password (10+ characters)"
        name="new-password"
        type="password"
        required
        minLength={10}
        autoComplete="new-password"
        value={form.password}
        onChange={(value) => setForm({ ...form, password: value })}
      />
      <label>
        Role
        <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          <RoleOptions />
        </select>
      </label>
      <button type="submit" className="button button--primary">
        Create user
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}
