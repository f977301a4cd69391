import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useReauth } from '../../store'
import { ProblemNote } from '../../app/OutcomeNote'

/** "Confirm your password": the station asks for it before hazardous actions (stop, reset, faults). */
export function ReauthDialog() {
  const request = useReauth((s) => s.request)
  const answer = useReauth((s) => s.answer)
  const dialog = useRef<HTMLDialogElement>(null)
  const [password, setPassword] = useState('')
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (request && !element.open) element.showModal()
    if (!request && element.open) element.close()
    setPassword('')
  }, [request])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    answer(password)
  }
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="reauth-title"
      onClose={() => useReauth.getState().request && answer(undefined)}
      data-testid="reauth-dialog"
    >
      {request && (
        <form onSubmit={submit}>
          <h2 id="reauth-title">Confirm your password</h2>
          <p>The station asks for your password again before this action.</p>
          <div className="form-row form-row--stack">
            <label>
              Password
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus
              />
            </label>
            <ProblemNote problem={request.error} />
          </div>
          <div className="form-row form-row--end">
            <button type="button" className="button" onClick={() => answer(undefined)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary">
              Confirm
            </button>
          </div>
        </form>
      )}
    </dialog>
  )
}
