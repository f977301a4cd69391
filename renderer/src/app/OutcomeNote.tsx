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

/** Why a form could not be sent or was refused, announced at once (an alert), or nothing. */
export function ProblemNote({ problem, testId }: { problem: string | undefined | null; testId?: string }) {
  if (!problem) return null
  return (
    <span className="outcome outcome--bad" role="alert" data-testid={testId}>
      {problem}
    </span>
  )
}
