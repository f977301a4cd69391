// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms } from '../store'
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

const raise = (cell: number, alarm: 'voltage-reversal' | 'substrate-depleted') =>
  useAlarms.getState().applyEvent({ kind: 'alarm', cell, alarm, raised: true, simTimeS: 0 }, Date.now())

describe('alarm notices', () => {
  it('puts the active-alarm count in the document title', () => {
    expect(documentTitle(0)).toBe('MFC Station')
    stop = startAlarmNotices(undefined)
    raise(2, 'voltage-reversal')
    expect(document.title).toBe('(1) MFC Station')
  })

  it('notifies new high-severity alarms once the user allowed notifications, and nothing else', () => {
    const granted = fakeNotifications('granted')
    stop = startAlarmNotices(granted.Fake)
    raise(2, 'voltage-reversal')
    raise(0, 'substrate-depleted')
    useAlarms
      .getState()
      .applyEvent({ kind: 'alarm', cell: 2, alarm: 'voltage-reversal', raised: false, simTimeS: 0 }, 1)
    raise(2, 'voltage-reversal') // a re-raise of the listed alarm
    expect(granted.shown).toEqual(['Alarm: Cell 3: Voltage reversal (high)'])
    stop()
    const asked = fakeNotifications('default')
    stop = startAlarmNotices(asked.Fake)
    raise(4, 'voltage-reversal')
    expect(asked.shown).toEqual([])
  })
})
