import { useState, type FormEvent } from 'react'
import { useAuth } from '../../store'
import { ProblemNote } from '../../app/OutcomeNote'

/** Sign-in for remote browsers (the desktop window arrives signed in). */
export function LoginPage() {
  const login = useAuth((s) => s.login)
  const firstUser = useAuth((s) => s.firstUser)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(await login(username, password))
    setBusy(false)
  }
  return (
    <main className="main main--narrow">
      <form className="panel" onSubmit={submit} data-testid="login-form">
        <h1>Sign in to MFC Station</h1>
        {firstUser ? (
          <p className="muted" data-testid="first-user-hint">
            The first user is <strong>{firstUser}</strong>; its password is the one set at first-run setup (or{' '}
            <code>MFC_ADMIN_PASSWORD</code> when the station started with it).
          </p>
        ) : (
          <p className="muted" data-testid="first-user-hint">
            The first user is <strong>admin</strong>, or the name chosen at first-run setup; its password is the one set
            then (or <code>MFC_ADMIN_PASSWORD</code> when the station started with it).
          </p>
        )}
        <div className="form-row form-row--stack">
          <label>
            User name
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={busy}>
            Sign in
          </button>
          <ProblemNote problem={error} />
        </div>
      </form>
    </main>
  )
}
