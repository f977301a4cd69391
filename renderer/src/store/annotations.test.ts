import { beforeEach, describe, expect, it } from 'vitest'
import { telemetryFrame } from '../testing/fixtures'
import { recordedMarks, useAnnotations } from './annotations'

beforeEach(() => useAnnotations.setState({ runId: 'fresh', items: [] }))

describe('chart marks', () => {
  it('marks faults, controller changes and run changes at their simulated time, in words', () => {
    const { addEvent } = useAnnotations.getState()
    addEvent({ kind: 'fault', id: 2, faultKind: 'feed-pump-failure', action: 'injected' }, 100)
    addEvent({ kind: 'controller', controller: 'pid' }, 200)
    addEvent({ kind: 'run-state', runId: 'fresh', state: 'paused' }, 300)
    addEvent({ kind: 'controller', controller: 'mppt' }, undefined)
    expect(useAnnotations.getState().items.map((a) => [a.simTimeS, a.kind, a.label])).toEqual([
      [100, 'fault', 'Feed pump failure injected (#2)'],
      [200, 'controller', 'Controller: PID (substrate)'],
      [300, 'run', 'Run paused'],
    ])
  })

  it('marks a load step under a fixed controller, not the moves MPPT makes, and forgets marks of another run', () => {
    const { observeFrame } = useAnnotations.getState()
    const before = telemetryFrame(1, { runId: 'fresh', simTimeS: 10 })
    const stepped = telemetryFrame(1, { runId: 'fresh', simTimeS: 20, stack: { ...before.stack, loadOhm: 450 } })
    observeFrame(before, stepped)
    observeFrame(stepped, { ...stepped, simTimeS: 30, controller: 'mppt', stack: { ...stepped.stack, loadOhm: 460 } })
    expect(useAnnotations.getState().items.map((a) => a.label)).toEqual(['Load 600 → 450 Ω'])
    observeFrame(undefined, telemetryFrame(1, { runId: 'next' }))
    expect(useAnnotations.getState().items).toEqual([])
  })
})

describe('marks of a recorded run', () => {
  it('come from the events recorded with it, at their sim time; alarms and unstamped events are not marked', () => {
    const at = (simTimeS: number | undefined, event: Parameters<typeof recordedMarks>[0][number]['event']) => ({
      type: 'event' as const,
      wallTimeMs: 0,
      ...(simTimeS === undefined ? {} : { simTimeS }),
      event,
    })
    const marks = recordedMarks([
      at(50, { kind: 'fault', id: 1, faultKind: 'load-disconnect', action: 'injected' }),
      at(undefined, { kind: 'controller', controller: 'pid' }),
      at(70, { kind: 'controller', controller: 'mppt' }),
      at(80, { kind: 'service', service: 'recorder', status: 'failing', message: 'disk full' }),
    ])
    expect(marks.map((m) => [m.simTimeS, m.kind])).toEqual([
      [50, 'fault'],
      [70, 'controller'],
    ])
  })
})
