import { randomUUID } from 'node:crypto'
import type { RunMetrics, SimulationStatus } from '../contract/simulation.js'
import type { StationEvent, TelemetryFrame } from '../contract/stream.js'
import type { Clock } from '../clock.js'
import type { EventBus } from '../event-bus.js'
import type { ClockSpeed } from '../sim/pacing.js'
import type { SimulationEngine } from '../sim/engine.js'
import { createSweepRunner } from './sweep-runner.js'
import { toTelemetryFrame } from './telemetry-frame.js'
import { createTicker } from './ticker.js'

export type SimulationServiceOptions = {
  engine: SimulationEngine
  /** Frames go out as `telemetry`, state changes as `event` (docs/architecture.md "Event bus"). */
  bus: Pick<EventBus, 'publish'>
  clock: Clock
}

export type SimulationService = ReturnType<typeof createSimulationService>

/**
 * Owns the engine's timer and the run identity: every output period it takes the frames the engine
 * owes, publishes them with the run id, and publishes state, controller and fault events. Alarms are not
 * its business: the alarms module evaluates every frame (docs/operations.md "Alarms").
 * Commands go through here so every change is also an event.
 */
export function createSimulationService(options: SimulationServiceOptions) {
  const { engine, bus, clock } = options
  let runId = randomUUID()
  let latest: TelemetryFrame | undefined

  // Stamped with the run and its sim time, so chart marks and recorded runs place the event (docs/stream-protocol.md).
  const emit = (event: StationEvent) =>
    bus.publish('event', { type: 'event', wallTimeMs: clock.now(), runId, simTimeS: engine.status().simTimeS, event })

  const tick = () => {
    const before = engine.status().state
    for (const frame of engine.advance()) {
      latest = toTelemetryFrame(frame, { runId, state: engine.status().state, wallTimeMs: clock.now() })
      bus.publish('telemetry', latest)
    }
    const after = engine.status().state
    if (after !== before) emit({ kind: 'run-state', runId, state: after })
  }

  const ticker = createTicker({ clock, tick, periodMs: () => 1000 / engine.status().outputHz })
  const sweep = createSweepRunner(engine)

  /** Runs a state command; a run that starts over gets a new id, and the change is announced. */
  const command = (action: () => void): SimulationStatus => {
    const before = engine.status()
    action()
    const after = engine.status()
    if (
      after.simTimeS < before.simTimeS ||
      (before.state !== 'idle' && after.state === 'idle') ||
      ((before.state === 'stopped' || before.state === 'finished') && after.state === 'running')
    ) {
      runId = randomUUID()
      latest = undefined
    }
    if (after.state !== before.state || runId !== (latest?.runId ?? runId))
      emit({ kind: 'run-state', runId, state: after.state })
    return status()
  }

  const status = (): SimulationStatus => ({ runId, ...engine.status() })

  return {
    status,
    start: () => command(() => engine.start()),
    pause: () => command(() => engine.pause()),
    resume: () => command(() => engine.resume()),
    stop: () => command(() => engine.stop()),
    reset: () => command(() => engine.reset()),
    config: () => engine.config(),
    /** The reversal floors the run's controllers are held above (docs/control.md "Reversal limit"). */
    reversalFloors: () => engine.reversalFloors(),
    /** Validated by the engine: throws RunConfigError with the bad field's path, changing nothing. */
    configure(patch: unknown): { restartRequired: boolean } {
      const previous = engine.status().controller
      const result = engine.configure(patch)
      const controller = engine.status().controller
      if (controller !== previous) emit({ kind: 'controller', controller })
      return result
    },
    setController(input: unknown): SimulationStatus {
      engine.setController(input)
      emit({ kind: 'controller', controller: engine.status().controller })
      return status()
    },
    injectFault(input: unknown): number {
      const id = engine.injectFault(input)
      emit({ kind: 'fault', id, faultKind: String((input as { kind?: unknown }).kind), action: 'injected' })
      return id
    },
    clearFault(id: number): boolean {
      const cleared = engine.clearFault(id)
      if (cleared) emit({ kind: 'fault', id, faultKind: 'unknown', action: 'cleared' })
      return cleared
    },
    /** In slices, one at a time (sweep-runner.ts). */
    sweep,
    setSpeed(next: { speed?: ClockSpeed; outputHz?: number }): SimulationStatus {
      engine.setSpeed(next)
      if (next.outputHz !== undefined) ticker.reschedule()
      return status()
    },
    metrics: (): RunMetrics => engine.metrics(),
    /** The newest frame of the current run, if it produced one. */
    latest: (): TelemetryFrame | undefined => latest,
    /** Starts producing frames; a tick that throws stops the timer and is reported to onError. */
    startTimer: (onError?: (error: unknown) => void): void => ticker.start(onError),
    close: (): void => ticker.stop(),
  }
}
