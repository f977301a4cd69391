import type { AlarmEvent } from './alarms.js'
import { createPacing, type ClockSpeed } from './pacing.js'
import { faultSchema, formatPath, mergeConfig, parseRunConfig, RunConfigError, type RunConfig } from './run-config.js'
import { controllerConfigSchema } from './control/controller-config.js'
import type { RunMetrics } from './run-metrics.js'
import { createRandom, type Random } from './random.js'
import { createRun, type Run } from './run.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { PolarizationSweep, SweepOptions } from './sweep.js'

/*
 * The facade the station and the API call: one object per simulation, built from a run config, with
 * wall time and randomness injected. The station's timer calls advance() and streams the frames it
 * returns; everything else is a command (start, pause, configure, switch controller, inject a fault,
 * sweep). No timers here: the engine only reacts to calls.
 */

export type EngineState = 'idle' | 'running' | 'paused' | 'stopped' | 'finished'

export type EngineDeps = {
  /** Wall clock in ms (Date.now in the station, a fake in tests). */
  now: () => number
  /** Random streams from a seed; defaults to the built-in sfc32 generator. */
  random?: (seed: number) => Random
  speed?: ClockSpeed
  outputHz?: number
}

/** One output frame: the run's snapshot with a frame sequence number. */
export type EngineFrame = RunSnapshot & { seq: number }

export type EngineStatus = {
  state: EngineState
  name: string
  seed: number
  simTimeS: number
  durationS: number
  speed: ClockSpeed
  outputHz: number
  cells: number
  controller: RunSnapshot['controller']
  activeFaults: RunSnapshot['activeFaults']
  /** A structural change (stack, cells, model, seed, sensors) waits for reset(). */
  restartRequired: boolean
}

/** Which parts of a config a running engine can take over without rebuilding the stack. */
const LIVE_KEYS = ['name', 'durationS', 'feed', 'load', 'controller', 'targets', 'outputIntervalS'] as const

function sameExceptLive(a: RunConfig, b: RunConfig): boolean {
  const strip = (config: RunConfig) =>
    JSON.stringify({ ...config, ...Object.fromEntries(LIVE_KEYS.map((key) => [key, null])) })
  return strip(a) === strip(b)
}

/** Validates a piece of the config with the path it would have inside the whole document. */
function parsePart<T>(
  schema: {
    safeParse(
      input: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }
  },
  input: unknown,
  prefix: string,
): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new RunConfigError(
    result.error.issues.map((issue) => ({ path: formatPath([prefix, ...issue.path]), message: issue.message })),
  )
}

export function createSimulationEngine(input: unknown, deps: EngineDeps) {
  const randomFor = deps.random ?? createRandom
  let config = parseRunConfig(input)
  let pending: RunConfig | undefined
  let run: Run = createRun(config, randomFor(config.seed))
  let state: EngineState = 'idle'
  let seq = 0
  const clock = createPacing({ speed: deps.speed ?? 600, outputHz: deps.outputHz ?? 10 }, deps.now)

  const frame = (): EngineFrame => ({ ...run.snapshot(), seq })
  // From the requested time: the state trails it by less than a step and lands on durationS at the end.
  const remainingS = () => Math.max(config.durationS - run.requestedS, 0)
  const finishIfDone = () => {
    if (remainingS() > 1e-9) return
    state = 'finished'
    clock.pause()
  }
  const reset = () => {
    if (pending) config = pending
    pending = undefined
    run = createRun(config, randomFor(config.seed))
    seq = 0
    state = 'idle'
    clock.pause()
  }

  return {
    status(): EngineStatus {
      const snapshot = run.snapshot()
      return {
        state,
        name: config.name,
        seed: config.seed,
        simTimeS: run.timeS,
        durationS: config.durationS,
        speed: clock.speed,
        outputHz: clock.outputHz,
        cells: config.stack.cells,
        controller: snapshot.controller,
        activeFaults: snapshot.activeFaults,
        restartRequired: pending !== undefined,
      }
    },
    config: (): RunConfig => pending ?? config,
    /** Starts (or resumes) producing simulated time; a stopped or finished run starts over. */
    start(): void {
      if (state === 'stopped' || state === 'finished') reset()
      if (state === 'paused') clock.resume()
      else if (state === 'idle') clock.start()
      state = 'running'
    },
    pause(): void {
      if (state !== 'running') return
      clock.pause()
      state = 'paused'
    },
    resume(): void {
      if (state !== 'paused') return
      clock.resume()
      state = 'running'
    },
    /** Ends the run; its last state and metrics stay readable until start() or reset(). */
    stop(): void {
      if (state !== 'running' && state !== 'paused') return
      clock.pause()
      state = 'stopped'
    },
    /** A fresh run from the configuration (including changes that waited for a reset). */
    reset,
    /**
     * Applies a partial configuration after validating the merged document (RunConfigError with the
     * field's path otherwise, and nothing changes). Feed, load, controller and targets apply live;
     * anything structural is kept for the next reset().
     */
    configure(patch: unknown): { restartRequired: boolean } {
      const next = parseRunConfig(mergeConfig(pending ?? config, patch))
      if (!sameExceptLive(next, config)) {
        pending = next
        return { restartRequired: true }
      }
      const controllerChanged = JSON.stringify(next.controller) !== JSON.stringify(config.controller)
      run.reconfigure(next)
      config = next
      if (controllerChanged) run.setController(next.controller)
      return { restartRequired: false }
    },
    /** Switches the controller now (validated like the config's `controller` field). */
    setController(input: unknown): void {
      const next = parseRunConfig({ ...config, controller: parsePart(controllerConfigSchema, input, 'controller') })
      config = next
      run.setController(next.controller)
    },
    /** Injects a fault now (or at its atS if later); returns its id for clearFault. */
    injectFault(input: unknown): number {
      const fault = parsePart(faultSchema, { atS: 0, ...(input as object) }, 'fault')
      if ('cell' in fault && fault.cell !== undefined && fault.cell >= config.stack.cells)
        throw new RunConfigError([
          { path: 'fault.cell', message: `no cell ${fault.cell} in a ${config.stack.cells}-cell stack` },
        ])
      return run.injectFault(fault)
    },
    clearFault: (id: number): boolean => run.clearFault(id),
    sweep: (options: SweepOptions): PolarizationSweep => run.sweep(options),
    setSpeed(next: { speed?: ClockSpeed; outputHz?: number }): void {
      clock.set(next)
    },
    /**
     * Called from the station's timer: produces the frames owed for the wall time since the last call.
     * At a set speed each frame advances speed / outputHz simulated seconds; at 'max' each frame computes
     * for most of one output period of wall time.
     */
    advance(): EngineFrame[] {
      if (state !== 'running') return []
      const plan = clock.take()
      const frames: EngineFrame[] = []
      for (let k = 0; k < plan.frames && state === 'running'; k += 1) {
        if (plan.simSecondsPerFrame !== null) run.advance(Math.min(plan.simSecondsPerFrame, remainingS()))
        else {
          const startMs = deps.now()
          do run.advance(Math.min(config.stepS * 10, remainingS()))
          while (deps.now() - startMs < plan.wallBudgetMs && remainingS() > 1e-9)
        }
        seq += 1
        finishIfDone()
        frames.push(frame())
      }
      return frames
    },
    /** Advances simulated time directly (headless runs, tests), regardless of the clock. */
    advanceSim(simSeconds: number): EngineFrame {
      run.advance(Math.min(simSeconds, remainingS()))
      seq += 1
      finishIfDone()
      return frame()
    },
    snapshot: frame,
    metrics: (): RunMetrics => run.metrics(),
    alarmEvents: (): readonly AlarmEvent[] => run.alarmEvents(),
  }
}

export type SimulationEngine = ReturnType<typeof createSimulationEngine>
