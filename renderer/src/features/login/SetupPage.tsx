import { useState, type FormEvent } from 'react'
import { useAuth } from '../../store'
import { ProblemNote } from '../../app/OutcomeNote'

/** First run: the station printed a one-time code at start; it creates the first admin with it. */
export function SetupPage() {
  const setup = useAuth((s) => s.setup)
  const [form, setForm] = useState({ code: '', username: 'admin', password: '', repeat: '' })
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (form.password !== form.repeat) return setError('the passwords differ')
    setBusy(true)
    setError(await setup(form.code.trim(), form.username, form.password))
    setBusy(false)
  }
  const field = (key: keyof typeof form, label: string, type: string, autoComplete: string) => (
    <label>
      {label}
      <input
        name={key}
        type={type}
        required
        autoComplete={autoComplete}
        minLength={key === 'password' ? 10 : undefined}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  )
  return (
    <main className="main main--narrow">
      <form className="panel" onSubmit={submit} data-testid="setup-form">
        <h1>Set up MFC Station</h1>
        <p className="muted">
          This station has no admin yet. Enter the one-time setup code it printed at start (console or log) and choose
          the first admin's name and password.
        </p>
        <div className="form-row form-row--stack">
          {field('code', 'Setup code', 'text', 'one-time-code')}
          {field('username', 'Admin user name', 'text', 'username')}
          {field('password', 'Password (10+ characters)', 'password', 'new-password')}
          {field('repeat', 'Password again', 'password', 'new-password')}
          <button type="submit" className="button button--primary" disabled={busy}>
            Create admin and sign in
          </button>
          <ProblemNote problem={error} />
        </div>
      </form>
    </main>
  )
}
