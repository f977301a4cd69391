// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms } from '../store'
import { alarmEvent } from '../testing/fixtures'
import { documentTitle, startAlarmNotices } from './alarm-notices'

let stop: (() => void) | undefined
beforeEach(() => useAlarms.getState().clear())
afterEach(() => stop?.())

/** A Notification constructor that records what it was asked to show. */
function fakeNotifications(permission: NotificationPermission) {
  const shown: string[] = []
  const Fake = function (this: unknown, title: string) {
    shown.push(title)
  } as unknown as typeof Notification
  Object.defineProperty(Fake, 'permission', { value: permission })
  return { Fake, shown }
}

const raise = (cell: number, severity: 'medium' | 'high' = 'high') =>
  useAlarms.getState().applyEvent(alarmEvent('raised', cell, { severity }), Date.now())

describe('alarm notices', () => {
  it('puts the active-alarm count in the document title', () => {
    expect(documentTitle(0)).toBe('MFC Station')
    stop = startAlarmNotices(undefined)
    raise(3)
    expect(document.title).toBe('(1) MFC Station')
  })

  it('notifies new high-severity alarms once the user allowed notifications, and nothing else', () => {
    const granted = fakeNotifications('granted')
    stop = startAlarmNotices(granted.Fake)
    raise(3)
    raise(1, 'medium')
    useAlarms.getState().applyEvent(alarmEvent('cleared', 3), 1)
    raise(3) // a re-raise of the listed alarm
    expect(granted.shown).toEqual(['Alarm: Cell 3: voltage reversal: the cell is driven below 0 V (high)'])
    stop()
    const asked = fakeNotifications('default')
    stop = startAlarmNotices(asked.Fake)
    raise(5)
    expect(asked.shown).toEqual([])
  })
})
