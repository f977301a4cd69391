import { useAlarms } from '../store'
import { alarmNames, selectActiveCount, type AlarmEntry } from '../store/alarms'

/** The page's own name; the active-alarm count goes in front of it so a background tab shows it. */
export const APP_TITLE = 'MFC Station'

/** "(2) MFC Station" while two alarms are active, the bare name otherwise. */
export function documentTitle(activeAlarms: number): string {
  return activeAlarms > 0 ? `(${activeAlarms}) ${APP_TITLE}` : APP_TITLE
}

/** An alarm in one line, for the live region and notifications: "Cell 3: Voltage reversal (high)". */
export function alarmSentence(entry: Pick<AlarmEntry, 'cell' | 'alarm' | 'severity'>): string {
  return `Cell ${entry.cell + 1}: ${alarmNames[entry.alarm]} (${entry.severity})`
}

type NotificationApi = Pick<typeof Notification, 'permission'> &
  (new (title: string, options?: NotificationOptions) => unknown)

/**
 * Keeps the document title on the alarm count and shows a browser notification for each new
 * high-severity alarm, only once the user allowed notifications (the page never asks by itself).
 * Returns what stops both.
 */
export function startAlarmNotices(
  notification: NotificationApi | undefined = typeof Notification === 'undefined' ? undefined : Notification,
): () => void {
  let notifiedSeq = useAlarms.getState().announced.at(-1)?.seq ?? 0
  const update = (state: ReturnType<typeof useAlarms.getState>) => {
    document.title = documentTitle(selectActiveCount(state))
    const fresh = state.announced.filter((a) => a.seq > notifiedSeq)
    notifiedSeq = state.announced.at(-1)?.seq ?? notifiedSeq
    if (notification?.permission !== 'granted') return
    for (const { entry } of fresh)
      if (entry.severity === 'high') new notification(`Alarm: ${alarmSentence(entry)}`, { tag: entry.key })
  }
  update(useAlarms.getState())
  return useAlarms.subscribe(update)
}
