import { useState, type FormEvent } from 'react'
import type { Role } from '../../../../server/contract/access'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { when } from './format'
import { RoleOptions } from './RoleOptions'

/** Users and their roles; a role change or a disable ends the user's sessions (the station does that). */
export function UsersSection() {
  const users = useSecurity((s) => s.users)
  const createUser = useSecurity((s) => s.createUser)
  const updateUser = useSecurity((s) => s.updateUser)
  const [form, setForm] = useState<{ username: string; password: string; role: Role }>({
    username: '',
    password: '',
    role: 'viewer',
  })
  const { outcome, apply, run } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = await createUser(form)
      if (result.ok) setForm({ username: '', password: '', role: 'viewer' })
      return result
    })
  }
  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users">
      <h2 id="users-title">Users</h2>
      <form className="form-row" onSubmit={submit}>
        <label>
          User name
          <input
            name="username"
            required
            autoComplete="off"
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
          />
        </label>
        <label>
          Password (10+ characters)
          <input
            name="new-password"
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
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
      <table className="table">
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>Created</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) =>
                    void apply(
                      {
                        title: `Make ${u.username} ${e.target.value}?`,
                        body: 'Their sessions end; they sign in again with the new role.',
                        confirmLabel: 'Change role',
                      },
                      () => updateUser(u, { role: e.target.value as Role }),
                    )
                  }
                >
                  <RoleOptions />
                </select>
              </td>
              <td>{when(u.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() =>
                    void apply(
                      {
                        title: `${u.disabled ? 'Enable' : 'Disable'} ${u.username}?`,
                        body: u.disabled ? 'They can sign in again.' : 'Their sessions end now.',
                        confirmLabel: u.disabled ? 'Enable' : 'Disable',
                      },
                      () => updateUser(u, { disabled: !u.disabled }),
                    )
                  }
                >
                  {u.disabled ? 'Disabled: enable' : 'Active: disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
