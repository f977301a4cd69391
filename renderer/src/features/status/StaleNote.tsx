import { formatAge, formatSimTime } from '../../app/time-format'
import type { Freshness } from '../../app/use-freshness'
import { useTelemetry } from '../../store'

/** Says that the values around it are old, how old, and why; nothing while they are current. */
export function StaleNote({ freshness }: { freshness: Freshness }) {
  const simTimeS = useTelemetry((s) => s.latest?.simTimeS)
  if (!freshness.stale || freshness.ageMs === undefined) return null
  return (
    <p className="stale-note" data-testid="stale-note">
      Last data {formatAge(freshness.ageMs)} ago
      {simTimeS !== undefined && ` (${formatSimTime(simTimeS)})`}: {freshness.reason}
    </p>
  )
}
