import type { Outcome } from '../store/change-runner'

/** Accepted, or refused with the station's reason, right next to the control that made the change. */
export function OutcomeNote({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null
  return outcome.ok ? (
    <span className="outcome outcome--ok" role="status" data-testid="outcome-ok">
      Applied
    </span>
  ) : (
    <span className="outcome outcome--bad" role="alert" data-testid="outcome-error">
      Refused: {outcome.reason}
    </span>
  )
}
