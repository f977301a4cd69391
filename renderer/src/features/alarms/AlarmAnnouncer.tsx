import { alarmSentence } from '../../app/alarm-notices'
import { useAlarms } from '../../store'
import type { AlarmBurst } from '../../store/alarms'

/** One sentence for one store update: a burst of many new alarms is read once, by its most severe alarm. */
export function burstSentence(burst: AlarmBurst | undefined): string {
  if (!burst) return ''
  if (burst.count === 1) return `New alarm: ${alarmSentence(burst.mostSevere)}`
  return `${burst.count} new alarms, the most severe: ${alarmSentence(burst.mostSevere)}`
}

/**
 * The live region screen readers follow: each newly raised alarm is read once, and a burst raised together
 * (a whole pilot stack crossing a threshold) as one sentence. A re-raise of an alarm still listed only
 * counts up in the list, and re-renders leave the text as it is, so the region does not chatter.
 */
export function AlarmAnnouncer() {
  const burst = useAlarms((s) => s.lastBurst)
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="alarm-announcer">
      {burstSentence(burst)}
    </div>
  )
}
