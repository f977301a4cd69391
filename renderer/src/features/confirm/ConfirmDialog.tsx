import { useEffect, useRef } from 'react'
import { useConfirm } from '../../store'

/**
 * The one confirmation dialog. A native modal <dialog>: focus moves into it and is trapped, Escape
 * cancels, and the page behind is inert, with no focus-trap code of our own.
 */
export function ConfirmDialog() {
  const request = useConfirm((s) => s.request)
  const answer = useConfirm((s) => s.answer)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (request && !element.open) element.showModal()
    if (!request && element.open) element.close()
  }, [request])
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-title"
      onClose={() => answer(false)}
      data-testid="confirm-dialog"
    >
      {request && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault()
            answer(true)
          }}
        >
          <h2 id="confirm-title">{request.title}</h2>
          <p>{request.body}</p>
          <div className="form-row form-row--end">
            <button type="button" className="button" onClick={() => answer(false)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" autoFocus>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  )
}
