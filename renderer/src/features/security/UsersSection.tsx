import type { Role } from '../../../../server/contract/access'
import type { User } from '../../../../server/contract/auth'
import { OutcomeNote } from '../../app/OutcomeNote'
import { formatDateTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { RoleOptions } from './RoleOptions'
import { UserForm } from './UserForm'

/** One user: the role (changing it is confirmed old -> new) and whether the account is enabled. */
function UserRow({ user, apply }: { user: User; apply: ReturnType<typeof useChange>['apply'] }) {
  const updateUser = useSecurity((s) => s.updateUser)
  const changeRole = (role: Role) =>
    void apply(
      {
        title: `Make ${user.username} ${role}?`,
        body: `Role ${user.role} → ${role}. Their sessions end; they sign in again with the new role.`,
        confirmLabel: 'Change role',
      },
      () => updateUser(user, { role }),
    )
  const toggle = () =>
    void apply(
      {
        title: `${user.disabled ? 'Enable' : 'Disable'} ${user.username}?`,
        body: user.disabled ? 'They can sign in again.' : 'Their sessions end now.',
        confirmLabel: user.disabled ? 'Enable' : 'Disable',
      },
      () => updateUser(user, { disabled: !user.disabled }),
    )
  return (
    <tr>
      <td>{user.username}</td>
      <td>
        <select
          aria-label={`Role of ${user.username}`}
          value={user.role}
          onChange={(e) => changeRole(e.target.value as Role)}
        >
          <RoleOptions />
        </select>
      </td>
      <td>{formatDateTime(user.createdAt)}</td>
      <td>
        <button type="button" className="button button--small" onClick={toggle}>
          {user.disabled ? 'Disabled: enable' : 'Active: disable'}
        </button>
      </td>
    </tr>
  )
}

/** Users and their roles; a role change or a disable ends the user's sessions (the station does that). */
export function UsersSection() {
  const users = useSecurity((s) => s.users)
  const { outcome, apply } = useChange()
  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users">
      <h2 id="users-title">Users</h2>
      <UserForm />
      <OutcomeNote outcome={outcome} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} apply={apply} />
          ))}
        </tbody>
      </table>
    </section>
  )
}
