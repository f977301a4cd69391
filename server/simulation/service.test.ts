import { describe, expect, it } from 'vitest'
import { simulationStatusSchema } from '../contract/simulation.js'
import { serverMessageSchema, type EventMessage, type TelemetryFrame } from '../contract/stream.js'
import { RunConfigError } from '../sim/run-config.js'
import { createSimulationEngine } from '../sim/engine.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createSimulationService } from './service.js'

/** A service on a real engine, driven by a manual clock. */
function harness(
  config: object = { stack: { cells: 3 }, load: { rExtOhm: 300 }, metrics: { optimumPeriodS: 0 } },
  speed = 600,
) {
  const clock = createManualClock()
  const messages: Array<TelemetryFrame | EventMessage> = []
  const engine = createSimulationEngine({ durationS: 30 * 86_400, ...config }, { now: clock.now, speed, outputHz: 10 })
  const service = createSimulationService({
    engine,
    bus: { publish: (_topic, m) => messages.push(serverMessageSchema.parse(m) as TelemetryFrame | EventMessage) },
    clock,
  })
  const frames = () => messages.filter((m): m is TelemetryFrame => m.type === 'telemetry')
  const events = () => messages.filter((m): m is EventMessage => m.type === 'event').map((m) => m.event)
  return { service, clock, messages, frames, events }
}

describe('simulation service', () => {
  it('publishes contract-valid frames at the output rate while running, none while paused', () => {
    const { service, clock, frames } = harness()
    service.startTimer()
    clock.advance(1000)
    expect(frames()).toHaveLength(0)
    const status = simulationStatusSchema.parse(service.start())
    expect(status.state).toBe('running')
    clock.advance(1000)
    expect(frames().length).toBeGreaterThanOrEqual(9)
    expect(frames().length).toBeLessThanOrEqual(11)
    const [first, second] = frames()
    expect(second!.seq).toBe(first!.seq + 1)
    expect(second!.simTimeS - first!.simTimeS).toBeCloseTo(60, 6)
    expect(first!.runId).toBe(status.runId)
    expect(first!.cells).toHaveLength(3)
    expect(first!.stack.loadOhm).toBe(300)
    service.pause()
    const count = frames().length
    clock.advance(1000)
    expect(frames()).toHaveLength(count)
    service.close()
  })

  it('gives a reset run a new id and announces state changes', () => {
    const { service, events } = harness()
    const first = service.start().runId
    expect(service.stop().state).toBe('stopped')
    const reset = service.reset()
    expect(reset.state).toBe('idle')
    expect(reset.runId).not.toBe(first)
    expect(events()).toEqual([
      { kind: 'run-state', runId: first, state: 'running' },
      { kind: 'run-state', runId: first, state: 'stopped' },
      { kind: 'run-state', runId: reset.runId, state: 'idle' },
    ])
  })

  it('switches controllers live and rejects an invalid one with the field path, changing nothing', () => {
    const { service, events } = harness()
    service.start()
    expect(service.setController({ kind: 'mppt' }).controller).toBe('mppt')
    expect(() => service.setController({ kind: 'pid', kp: -1 })).toThrow(RunConfigError)
    expect(() => service.setController({ kind: 'pid', kp: -1 })).toThrow(/controller\.kp/)
    expect(service.status().controller).toBe('mppt')
    expect(events().filter((e) => e.kind === 'controller')).toEqual([{ kind: 'controller', controller: 'mppt' }])
  })

  it('stamps its events with the run and its sim time, for chart marks and the recorded run', () => {
    const { service, clock, messages } = harness()
    service.startTimer()
    const runId = service.start().runId
    clock.advance(1000)
    service.setController({ kind: 'mppt' })
    const change = messages.find((m): m is EventMessage => m.type === 'event' && m.event.kind === 'controller')
    expect(change).toMatchObject({ runId, simTimeS: service.status().simTimeS })
    expect(change!.simTimeS).toBeGreaterThan(0)
  })

  it('flags a starved series cell as reversed in its frames, and leaves alarm events to the alarms module', () => {
    const { service, clock, events, frames } = harness(undefined, 86_400)
    service.startTimer()
    service.start()
    clock.advance(200)
    const id = service.injectFault({ kind: 'starvation', cell: 1 })
    expect(events()).toContainEqual({ kind: 'fault', id, faultKind: 'starvation', action: 'injected' })
    clock.advance(3000)
    expect(frames().at(-1)!.cells[1]!.alarms).toContain('voltage-reversal')
    expect(frames().at(-1)!.cells[1]!.voltageV).toBeLessThan(0)
    expect(events().filter((event) => event.kind === 'alarm')).toEqual([])
    expect(service.clearFault(id)).toBe(true)
    expect(service.clearFault(id)).toBe(false)
    service.close()
  })
})
