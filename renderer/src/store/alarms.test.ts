import { beforeEach, describe, expect, it } from 'vitest'
import { telemetryFrame } from '../testing/fixtures'
import { activeAlarms, selectActiveCount, useAlarms } from './alarms'

const reversal = (raised: boolean, simTimeS = 10) =>
  ({ kind: 'alarm', cell: 2, alarm: 'voltage-reversal', raised, simTimeS }) as const

beforeEach(() => useAlarms.getState().clear())

describe('alarm list', () => {
  it('counts the raises of a flapping alarm in one entry and announces it once', () => {
    const { applyEvent } = useAlarms.getState()
    applyEvent(reversal(true, 10), 1000)
    applyEvent(reversal(false, 20), 2000)
    applyEvent(reversal(true, 30), 3000)
    const [entry] = Object.values(useAlarms.getState().entries)
    expect(entry).toMatchObject({
      active: true,
      count: 2,
      firstAtMs: 1000,
      lastAtMs: 3000,
      lastSimTimeS: 30,
      severity: 'high',
    })
    expect(useAlarms.getState().announced).toHaveLength(1)
  })

  it("takes the frames' alarm flags as the truth (a page opened while an alarm was already up)", () => {
    const frame = telemetryFrame(3)
    frame.cells[1]!.alarms = ['substrate-depleted']
    useAlarms.getState().reconcile(frame, 500)
    expect(activeAlarms(useAlarms.getState().entries).map((e) => [e.cell, e.alarm])).toEqual([
      [1, 'substrate-depleted'],
    ])
    const before = useAlarms.getState().entries
    useAlarms.getState().reconcile(frame, 600)
    expect(useAlarms.getState().entries).toBe(before) // nothing changed: no new state for the views
    useAlarms.getState().reconcile(telemetryFrame(3), 700)
    expect(selectActiveCount(useAlarms.getState())).toBe(0)
  })

  it('orders active alarms high severity first', () => {
    const { applyEvent } = useAlarms.getState()
    applyEvent({ kind: 'alarm', cell: 0, alarm: 'substrate-depleted', raised: true, simTimeS: 1 }, 5)
    applyEvent(reversal(true), 1)
    expect(activeAlarms(useAlarms.getState().entries).map((e) => e.severity)).toEqual(['high', 'medium'])
  })
})
