import { setImmediate as settleWrites } from 'node:timers/promises'
import type { Clock } from '../../clock.js'
import type { SavedProcedure } from '../../contract/procedures.js'
import type { WhatIfOutcome } from '../../contract/twin.js'
import { OPEN_CIRCUIT_OHM } from '../../control/simulation-control.js'
import { AppError } from '../../errors.js'
import type { ProcedurePreviewPort } from '../../procedures/module.js'
import type { ProcedureStack } from '../../procedures/ports.js'
import { ProcedureRunner } from '../../procedures/runner.js'
import { controllerConfigSchema } from '../../sim/control/controller-config.js'
import type { EngineFrame, SimulationEngine } from '../../sim/engine.js'
import { toTelemetryFrame } from '../../simulation/telemetry-frame.js'

/*
 * A saved procedure on the twin (docs/twin.md "What if"): the station's own procedure runner
 * (docs/control.md "Procedures") drives a copy of the engine through a twin-backed stack port, on a clock
 * that is the twin's simulated wall time, so a step, a wait, a repeat (everyS or dailyAt) and a sweep take
 * the times they take on the stack. Loads are snapped as the station's procedures snap them.
 */

/** What acts on the twin's engine: at 0 and at each moment it names next (sim seconds), then its report. */
export type WhatIfDriver = {
  nextAtS(): number | undefined
  at(timeS: number, frame: EngineFrame): Promise<void>
  report(): Pick<WhatIfOutcome, 'procedure' | 'notes'>
}

export type SavedPlan = {
  procedure: SavedProcedure
  snapLoad: ProcedurePreviewPort['snapLoad']
  /** The station's wall time the what-if starts from: a daily repeat follows the simulated wall clock. */
  wallStartMs: number
}

export const INTERLOCK_NOTE =
  'interlocks are not modelled in the twin: the procedure is predicted as if every interlock stayed armed'
/** Frames the runner sees over the horizon at most, apart from the finer ones of a sweep or a step's end. */
const MAX_TICKS = 20_000
const MAX_EVENTS = 2000
const MAX_SWEEPS = 50
/** The smallest step of time: a dwell's end that rounding left a hair short of is reached. */
const MIN_TICK_S = 1e-3

/** A clock whose time is the what-if's simulated wall time; the runner reads it and sets no timers. */
function simulatedClock(now: () => number): Clock {
  const noTimers = (): never => {
    throw new Error('the what-if clock has no timers')
  }
  return { now, setTimeout: noTimers, clearTimeout: noTimers, setInterval: noTimers, clearInterval: noTimers }
}

/** The control port on the twin's engine, as the procedures' port acts on a simulated stack. */
function twinStack(engine: SimulationEngine, snapLoad: SavedPlan['snapLoad'], wrote: () => void): ProcedureStack {
  let lastOhm: number | undefined = engine.config().load.rExtOhm
  const toFixed = () => {
    if (engine.status().controller !== 'fixed') engine.configure({ controller: { kind: 'fixed' } })
  }
  const putLoad = (ohm: number) => {
    const cells = engine.config().load.cellRExtOhm
    engine.configure({ load: { rExtOhm: ohm, ...(cells ? { cellRExtOhm: cells.map(() => ohm) } : {}) } })
  }
  return {
    async setLoad(ohm) {
      wrote()
      toFixed()
      if (ohm === 'open') {
        putLoad(OPEN_CIRCUIT_OHM)
        return null
      }
      lastOhm = snapLoad(ohm, lastOhm)
      putLoad(lastOhm)
      return lastOhm
    },
    async setFeed(lPerDay) {
      wrote()
      toFixed()
      engine.configure({ feed: { flowLPerDay: lPerDay } })
    },
    switchController(controller) {
      const parsed = controllerConfigSchema.safeParse(controller)
      if (!parsed.success) throw new AppError('bad_request', parsed.error.issues[0]?.message ?? 'invalid controller')
      engine.configure({ controller: parsed.data })
    },
    safeLoad: () => Promise.reject(new AppError('conflict', 'a what-if is never aborted')),
  }
}

/** Runs `saved` on `engine` through the station's procedure runner; `horizonS` sets its frame spacing. */
export function createProcedureDriver(engine: SimulationEngine, saved: SavedPlan, horizonS: number): WhatIfDriver {
  const { procedure } = saved
  const baseTickS = Math.max(1, horizonS / MAX_TICKS)
  let simS = 0
  let writes = 0
  let dropped = 0
  const events: NonNullable<WhatIfOutcome['procedure']>['events'] = []
  const sweeps: NonNullable<WhatIfOutcome['procedure']>['sweeps'] = []
  const notes = [INTERLOCK_NOTE]
  const clock = simulatedClock(() => saved.wallStartMs + simS * 1000)
  const runner = new ProcedureRunner({
    ...{ procedure, clock, source: 'simulation', startedBy: 'what-if' },
    stack: twinStack(engine, saved.snapLoad, () => (writes += 1)),
    emit(action, message) {
      if (action === 'failed') notes.push(message)
      if (events.length < MAX_EVENTS) events.push({ atS: simS, action, message })
      else dropped += 1
    },
    onSweep(sweep) {
      const atS = (sweep.startedAtMs - saved.wallStartMs) / 1000
      if (sweeps.length < MAX_SWEEPS)
        sweeps.push({ atS, points: sweep.points, maximumPowerPoint: sweep.maximumPowerPoint })
    },
  })
  /** A step's write resolves on the microtask queue; the runner goes on to the next step once it has. */
  const settle = async () => {
    while (writes > 0) {
      writes = 0
      await settleWrites()
    }
  }
  const sweepStep = (): { sampleS: number } | undefined => {
    const step = procedure.steps[runner.progress().step - 1]
    return step?.kind === 'polarizationSweep' ? step : undefined
  }
  let started = false
  return {
    nextAtS() {
      if (!runner.active()) return undefined
      const progress = runner.progress()
      const finest = progress.state === 'running' ? (sweepStep()?.sampleS ?? baseTickS) : baseTickS
      return simS + Math.max(MIN_TICK_S, Math.min(baseTickS, finest, progress.stepTimeLeftS ?? baseTickS))
    },
    async at(timeS, frame) {
      simS = timeS
      if (!started) {
        started = true
        runner.start()
        await settle()
      }
      runner.advance(toTelemetryFrame(frame, { runId: 'what-if', state: 'running', wallTimeMs: clock.now() }))
      await settle()
    },
    report() {
      const over = dropped > 0 ? [`${dropped} later step events left out (at most ${MAX_EVENTS} are listed)`] : []
      return { procedure: { id: procedure.id, name: procedure.name, events, sweeps }, notes: [...notes, ...over] }
    },
  }
}
