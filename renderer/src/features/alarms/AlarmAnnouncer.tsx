import { alarmSentence } from '../../app/alarm-notices'
import { useAlarms } from '../../store'

/**
 * The live region screen readers follow: each newly raised alarm is read once. A re-raise of an alarm
 * still listed only counts up in the list, so the region does not chatter.
 */
export function AlarmAnnouncer() {
  const latest = useAlarms((s) => s.announced.at(-1))
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="alarm-announcer">
      {latest ? `New alarm: ${alarmSentence(latest.alarm)}` : ''}
    </div>
  )
}
