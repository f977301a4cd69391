import type { AlarmEvent } from './alarms.js'
import { configure, injectFault, parseSweepOptions, setController } from './engine-config.js'
import {
  advanceFrames,
  advanceSim,
  createEngineCore,
  frameOf,
  lifecycle,
  resetRun,
  statusOf,
  type EngineDeps,
  type EngineFrame,
  type EngineStatus,
} from './engine-core.js'
import type { ClockSpeed } from './pacing.js'
import type { RunConfig } from './run-config.js'
import type { RunMetrics } from './run-metrics.js'
import type { PolarizationSweep, SweepOptions } from './sweep-points.js'
import { createWorkBudget, finish, proceed } from './work.js'

export type { EngineDeps, EngineFrame, EngineState, EngineStatus } from './engine-core.js'

/*
 * The facade the station and the API call: one object per simulation, built from a run config, with
 * wall time and randomness injected. The station's timer calls advance() and streams the frames it
 * returns; everything else is a command (start, pause, configure, switch controller, inject a fault,
 * sweep). No timers here: the engine only reacts to calls.
 */

/** A polarization sweep in slices (engine.startSweep). */
export type SweepJob = { run(budgetMs: number): PolarizationSweep | undefined }

/** A simulation engine for the run configuration `input` (validated: RunConfigError names each bad field). */
export function createSimulationEngine(input: unknown, deps: EngineDeps) {
  const core = createEngineCore(input, deps)
  return {
    status: (): EngineStatus => statusOf(core),
    config: (): RunConfig => core.pending ?? core.config,
    /** Starts (or resumes) producing simulated time; a stopped or finished run starts over. */
    start: (): void => lifecycle.start(core),
    pause: (): void => lifecycle.pause(core),
    resume: (): void => lifecycle.resume(core),
    /** Ends the run; its last state and metrics stay readable until start() or reset(). */
    stop: (): void => lifecycle.stop(core),
    /** A fresh run from the configuration (including changes that waited for a reset). */
    reset: (): void => resetRun(core),
    /** A partial configuration: live parts apply now, structural ones at the next reset (see configure). */
    configure: (patch: unknown): { restartRequired: boolean } => configure(core, patch),
    /** Switches the controller now (validated like the config's `controller` field). */
    setController: (controller: unknown): void => setController(core, controller),
    /** Injects a fault now (or at its atS if later); returns its id for clearFault. */
    injectFault: (fault: unknown): number => injectFault(core, fault),
    clearFault: (id: number): boolean => core.run.clearFault(id),
    /** The reversal floors the controllers are held above; undefined without a reversal limit. */
    reversalFloors: () => core.run.reversalFloors(),
    /** A polarization sweep of the stack as it is now, computed at once (headless use). */
    sweep: (options: SweepOptions): PolarizationSweep => finish(core.run.sweepWork(parseSweepOptions(options))),
    /**
     * The same sweep as a job done in slices: job.run(budgetMs) works for about budgetMs of wall time
     * and returns the sweep once it is complete, undefined while work remains (call it again, after
     * yielding to I/O). The stack is copied now; the run may go on meanwhile.
     */
    startSweep(options: SweepOptions): SweepJob {
      const work = core.run.sweepWork(parseSweepOptions(options))
      let result: PolarizationSweep | undefined
      return {
        run(budgetMs) {
          if (result) return result
          const progress = proceed(work, createWorkBudget(core.now, budgetMs))
          if (progress.done) result = progress.value
          return result
        },
      }
    },
    setSpeed(next: { speed?: ClockSpeed; outputHz?: number }): void {
      core.pacing.set(next)
    },
    /**
     * Called from the station's timer: the frames owed for the wall time since the last call, computed
     * within `budgetMs` of wall time (default 0.8 of an output period); see advanceFrames.
     */
    advance: (budgetMs?: number): EngineFrame[] => advanceFrames(core, budgetMs),
    /** Advances simulated time directly (headless runs, tests), regardless of the pacing. */
    advanceSim: (simSeconds: number): EngineFrame => advanceSim(core, simSeconds),
    snapshot: (): EngineFrame => frameOf(core),
    metrics: (): RunMetrics => core.run.metrics(),
    alarmEvents: (): readonly AlarmEvent[] => core.run.alarmEvents(),
  }
}

export type SimulationEngine = ReturnType<typeof createSimulationEngine>
