import { describe, expect, it } from 'vitest'
import { describeEvent, MAX_LOG_ENTRIES, useEventLog } from './event-log'
import type { EventMessage } from '../../../server/contract/stream'

describe('event log', () => {
  it('keeps the newest entries first, bounded', () => {
    for (let i = 0; i < MAX_LOG_ENTRIES + 5; i += 1) useEventLog.getState().add('change', `change ${i}`, i)
    const { entries } = useEventLog.getState()
    expect(entries).toHaveLength(MAX_LOG_ENTRIES)
    expect(entries[0]!.text).toBe(`change ${MAX_LOG_ENTRIES + 4}`)
  })

  it("describes stream events in an operator's words", () => {
    const alarm = {
      kind: 'alarm',
      id: 'cell-voltage-reversal:3',
      ruleId: 'cell-voltage-reversal',
      action: 'acknowledged',
      state: 'active-acked',
      severity: 'high',
      cell: 3,
      message: 'Cell 3: voltage reversal: the cell is driven below 0 V',
      by: 'alice',
      simTimeS: 5,
      shelved: false,
    } as const
    expect(describeEvent(alarm)).toEqual({
      kind: 'alarm',
      text: 'Cell 3: voltage reversal: the cell is driven below 0 V: acknowledged by alice',
    })
    expect(describeEvent({ kind: 'fault', id: 4, faultKind: 'starvation', action: 'injected' }).text).toBe(
      'Fault #4 injected: Starvation',
    )
    expect(describeEvent({ kind: 'controller', controller: 'mppt' }).text).toBe(
      'Controller now MPPT (perturb & observe)',
    )
    expect(describeEvent({ kind: 'run-state', runId: 'r', state: 'paused' }).text).toBe('Run paused')
    const newer = {
      kind: 'service',
      service: 'recorder',
      status: 'failing',
      message: 'disk full',
    } as unknown as Parameters<typeof describeEvent>[0]
    expect(describeEvent(newer).text).toBe('service: disk full')
  })

  it('adds station events read again after a reconnect only once, in time order', () => {
    useEventLog.setState({ entries: [] })
    const at = (wallTimeMs: number, id: number): EventMessage => ({
      type: 'event',
      wallTimeMs,
      event: { kind: 'fault', id, faultKind: 'starvation', action: 'injected' },
    })
    useEventLog.getState().addStationEvents([at(10, 1), at(30, 3)])
    useEventLog.getState().add('change', 'Load: R 600 → 450 Ω', 40)
    useEventLog.getState().addStationEvents([at(10, 1), at(20, 2), at(30, 3)])
    expect(useEventLog.getState().entries.map((e) => e.text)).toEqual([
      'Load: R 600 → 450 Ω',
      'Fault #3 injected: Starvation',
      'Fault #2 injected: Starvation',
      'Fault #1 injected: Starvation',
    ])
  })
})
