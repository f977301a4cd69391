import { createPacing, type ClockSpeed, type Pacing } from './pacing.js'
import { createRandom, type Random } from './random.js'
import { parseRunConfig, type RunConfig } from './run-config.js'
import type { RunSnapshot } from './run-snapshot.js'
import { createRun, type Run } from './run.js'
import type { ReversalLimit } from './control/reversal-guard.js'
import { createWorkBudget } from './work.js'

export type EngineState = 'idle' | 'running' | 'paused' | 'stopped' | 'finished'

export type EngineDeps = {
  /** Wall clock in ms (Date.now in the station, a fake in tests). */
  now: () => number
  /** Random streams from a seed; defaults to the built-in sfc32 generator. */
  random?: (seed: number) => Random
  speed?: ClockSpeed
  outputHz?: number
  /** Holds every controller's load writes above the reversal floor (docs/control.md "Reversal limit"). */
  reversalLimit?: ReversalLimit
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

/** An engine's moving parts: the config (and a structural change waiting for reset), the run, its state. */
export type EngineCore = {
  config: RunConfig
  pending: RunConfig | undefined
  run: Run
  state: EngineState
  seq: number
  readonly pacing: Pacing
  readonly randomFor: (seed: number) => Random
  readonly now: () => number
  readonly reversalLimit: ReversalLimit | undefined
}

/** A validated config and a fresh run of it, not started. */
export function createEngineCore(input: unknown, deps: EngineDeps): EngineCore {
  const randomFor = deps.random ?? createRandom
  const config = parseRunConfig(input)
  return {
    config,
    pending: undefined,
    run: createRun(config, randomFor(config.seed), deps.reversalLimit),
    state: 'idle',
    seq: 0,
    pacing: createPacing({ speed: deps.speed ?? 600, outputHz: deps.outputHz ?? 10 }, deps.now),
    randomFor,
    now: deps.now,
    reversalLimit: deps.reversalLimit,
  }
}

/** The run's snapshot as a frame, numbered. */
export const frameOf = (core: EngineCore): EngineFrame => ({ ...core.run.snapshot(), seq: core.seq })

/** From the requested time: the state trails it by less than a step and lands on durationS at the end. */
const remainingS = (core: EngineCore): number => Math.max(core.config.durationS - core.run.requestedS, 0)

/** Marks the run finished once its duration is requested, and stops the pacing. */
function finishIfDone(core: EngineCore): void {
  if (remainingS(core) > 1e-9) return
  core.state = 'finished'
  core.pacing.pause()
}

/** A fresh run from the configuration (including changes that waited for a reset). */
export function resetRun(core: EngineCore): void {
  if (core.pending) core.config = core.pending
  core.pending = undefined
  core.run = createRun(core.config, core.randomFor(core.config.seed), core.reversalLimit)
  core.seq = 0
  core.state = 'idle'
  core.pacing.pause()
}

/** What the engine reports: state, identity, time, pacing, cells, controller, faults. */
export function statusOf(core: EngineCore): EngineStatus {
  return {
    state: core.state,
    name: core.config.name,
    seed: core.config.seed,
    simTimeS: core.run.timeS,
    durationS: core.config.durationS,
    speed: core.pacing.speed,
    outputHz: core.pacing.outputHz,
    cells: core.config.stack.cells,
    controller: core.run.controllerKind(),
    activeFaults: core.run.activeFaults(),
    restartRequired: core.pending !== undefined,
  }
}

/** The run-state transitions: start (a stopped or finished run starts over), pause, resume, stop. */
export const lifecycle = {
  start(core: EngineCore): void {
    if (core.state === 'stopped' || core.state === 'finished') resetRun(core)
    if (core.state === 'paused') core.pacing.resume()
    else if (core.state === 'idle') core.pacing.start()
    core.state = 'running'
  },
  pause(core: EngineCore): void {
    if (core.state !== 'running') return
    core.pacing.pause()
    core.state = 'paused'
  },
  resume(core: EngineCore): void {
    if (core.state !== 'paused') return
    core.pacing.resume()
    core.state = 'running'
  },
  stop(core: EngineCore): void {
    if (core.state !== 'running' && core.state !== 'paused') return
    core.pacing.pause()
    core.state = 'stopped'
  },
}

/**
 * The frames owed for the wall time since the last call, computed within `budgetMs` of wall time
 * (default: most of one output period). At a set speed each frame advances speed / outputHz simulated
 * seconds; at 'max' each owed frame gets an equal share of the budget and computes as far as it goes.
 * Once the budget is spent the call stops at a step end and returns the frames it completed; the
 * simulated time and frames it did not reach are dropped, never owed to the next call. Every frame
 * takes at least one step, so a call overruns by at most one step and one snapshot.
 */
export function advanceFrames(core: EngineCore, budgetMs?: number): EngineFrame[] {
  if (core.state !== 'running') return []
  const plan = core.pacing.take()
  const callMs = budgetMs ?? plan.wallBudgetMs
  const perFrameS = plan.simSecondsPerFrame
  const call = createWorkBudget(core.now, callMs)
  const frames: EngineFrame[] = []
  for (let k = 0; k < plan.frames && core.state === 'running'; k += 1) {
    if (perFrameS !== null) core.run.advance(Math.min(perFrameS, remainingS(core)), call)
    else core.run.advance(remainingS(core), createWorkBudget(core.now, callMs / plan.frames))
    core.seq += 1
    finishIfDone(core)
    frames.push(frameOf(core))
    if (call.spent()) break
  }
  return frames
}

/** Advances simulated time directly (headless runs, tests), regardless of the pacing. */
export function advanceSim(core: EngineCore, simSeconds: number): EngineFrame {
  core.run.advance(Math.min(simSeconds, remainingS(core)))
  core.seq += 1
  finishIfDone(core)
  return frameOf(core)
}
