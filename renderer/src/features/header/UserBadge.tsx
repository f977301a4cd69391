import { useAuth } from '../../store'

/** Who is signed in and with which role; remote browsers can sign out (the desktop window cannot). */
export function UserBadge() {
  const status = useAuth((s) => s.status)
  const name = useAuth((s) => s.me?.name)
  const role = useAuth((s) => s.me?.role)
  const local = useAuth((s) => s.me?.local ?? false)
  const logout = useAuth((s) => s.logout)
  if (status === 'open')
    return (
      <span className="header__muted" data-testid="user">
        local operator
      </span>
    )
  if (status !== 'signed-in') return null
  return (
    <span data-testid="user">
      {name} {role && <span className="header__muted">({role})</span>}{' '}
      {!local && (
        <button type="button" className="button button--small" onClick={() => void logout()}>
          Sign out
        </button>
      )}
    </span>
  )
}
