import type { Alarm } from '../../../server/contract/alarms'
import { useAlarms } from '../store'
import { selectActiveCount } from '../store/alarms'

/** The page's own name; the active-alarm count goes in front of it so a background tab shows it. */
export const APP_TITLE = 'MFC Station'

/** "(2) MFC Station" while two alarms are active, the bare name otherwise. */
export function documentTitle(activeAlarms: number): string {
  return activeAlarms > 0 ? `(${activeAlarms}) ${APP_TITLE}` : APP_TITLE
}

/** An alarm in one line, for the live region and notifications: its message and severity. */
export function alarmSentence(alarm: Pick<Alarm, 'message' | 'severity'>): string {
  return `${alarm.message} (${alarm.severity})`
}

type NotificationApi = Pick<typeof Notification, 'permission'> &
  (new (title: string, options?: NotificationOptions) => unknown)

/**
 * Keeps the document title on the alarm count and shows a browser notification for each new alarm of high
 * or critical severity, only once the user allowed notifications (the page never asks by itself).
 * Returns what stops both.
 */
export function startAlarmNotices(
  notification: NotificationApi | undefined = typeof Notification === 'undefined' ? undefined : Notification,
): () => void {
  let notifiedSeq = useAlarms.getState().announced.at(-1)?.seq ?? 0
  let title = ''
  const update = (state: ReturnType<typeof useAlarms.getState>) => {
    // Set only when it changes: a pilot stack's alarm list changes many times a second, and each
    // assignment re-announces the title to the browser (docs/operator-ui.md "Pilot-scale stacks").
    const next = documentTitle(selectActiveCount(state))
    if (next !== title) document.title = title = next
    const fresh = state.announced.filter((a) => a.seq > notifiedSeq)
    notifiedSeq = state.announced.at(-1)?.seq ?? notifiedSeq
    if (notification?.permission !== 'granted') return
    for (const { alarm } of fresh)
      if (alarm.severity === 'high' || alarm.severity === 'critical')
        new notification(`Alarm: ${alarmSentence(alarm)}`, { tag: alarm.id })
  }
  update(useAlarms.getState())
  return useAlarms.subscribe(update)
}
