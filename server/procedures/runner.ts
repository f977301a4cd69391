import type { ProcedureProgress, ProcedureRunState, RepeatStep, SavedProcedure } from '../contract/procedures.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { ProcedureRunnerDeps } from './ports.js'
import { nextDailyMs } from './schedule.js'
import { stepDurationMs, stepName } from './step-text.js'
import { createSweepMeasurement, type SweepMeasurement } from './sweep-measurement.js'

const ACTIVE: readonly ProcedureRunState[] = ['running', 'paused', 'held', 'waiting']

/**
 * Runs one procedure (docs/control.md "Procedures"), advanced by the frames of the stack's source: its
 * durations follow the frames' time, simulated time on the simulation (`simTimeS`) and the injected clock
 * on hardware. Time passes for a step only while it runs; a pause or an interlock hold restarts the load
 * point of a sweep it interrupted (the interlock may have moved the load). A daily repeat waits on the clock.
 */
export class ProcedureRunner {
  private state: ProcedureRunState = 'running'
  private resumeTo: 'running' | 'waiting' = 'running'
  private reason: string | null = null
  private holds: string[] = []
  private index = 0
  private pass = 1
  private elapsedMs = 0
  private lastT: number | undefined
  private passStartT: number | undefined
  private waitUntil: { clock: 'run' | 'wall'; t: number } | undefined
  private busy = false
  private sweep: SweepMeasurement | undefined
  private lastLoad: number | 'open' | undefined
  private readonly actor: string
  private readonly repeat: RepeatStep | null
  private readonly work: SavedProcedure['steps']
  private readonly startedAtMs: number

  constructor(private readonly deps: ProcedureRunnerDeps) {
    const steps = deps.procedure.steps
    const last = steps.at(-1)
    this.repeat = last?.kind === 'repeat' ? last : null
    this.work = this.repeat ? steps.slice(0, -1) : steps
    this.actor = `procedure:${deps.procedure.id}`
    this.startedAtMs = deps.clock.now()
  }

  start(): void {
    // On hardware the procedure's time is the clock's from now; the simulation's starts with its next frame.
    if (this.deps.source === 'hardware') this.lastT = this.passStartT = this.deps.clock.now()
    this.deps.emit('started', `${this.deps.procedure.name} started by ${this.deps.startedBy}`, this.deps.startedBy)
    if (this.repeat?.dailyAt !== undefined) this.scheduleNextPass()
    else this.enterStep()
  }

  /** One frame of the stack's source: time passes, a dwell or a wait may end. */
  advance(frame: TelemetryFrame): void {
    const t = this.deps.source === 'simulation' ? frame.simTimeS * 1000 : this.deps.clock.now()
    const dt = this.lastT === undefined ? 0 : Math.max(0, t - this.lastT)
    this.lastT = t
    this.passStartT ??= t
    if (this.busy) return
    if (this.state === 'waiting' && this.waitUntil) {
      const now = this.waitUntil.clock === 'wall' ? this.deps.clock.now() : t
      if (now >= this.waitUntil.t) this.startPass(t)
    } else if (this.state === 'running') this.onRunningFrame(frame, dt)
  }

  pause(by: string): boolean {
    if (this.state !== 'running' && this.state !== 'waiting' && this.state !== 'held') return false
    if (this.state !== 'held') this.resumeTo = this.state
    this.state = 'paused'
    this.reason = `paused by ${by}`
    this.deps.emit('paused', this.reason, by)
    return true
  }

  resume(by: string): boolean {
    if (this.state !== 'paused') return false
    const held = this.holds.length > 0
    this.state = held ? 'held' : this.resumeTo
    this.reason = held ? `held by ${this.holds.join('; ')}` : null
    this.deps.emit('resumed', `resumed by ${by}${held ? ` (still ${this.reason})` : ''}`, by)
    if (this.state === 'running') this.interrupted()
    return true
  }

  /** The interlocks that are not armed (with their causes); any of them holds the procedure. */
  hold(reasons: string[]): void {
    const was = this.holds.length > 0
    this.holds = reasons
    if (!was && reasons.length > 0 && (this.state === 'running' || this.state === 'waiting')) {
      this.resumeTo = this.state
      this.state = 'held'
      this.reason = `held by ${reasons.join('; ')}`
      this.deps.emit('held', this.reason, null)
    } else if (was && reasons.length === 0 && this.state === 'held') {
      this.state = this.resumeTo
      this.reason = null
      this.deps.emit('released', 'the interlocks are armed again: continuing', null)
      if (this.state === 'running') this.interrupted()
    }
  }

  /** Stops the procedure; the load is left safe, or as the procedure set it last (`onAbort`). */
  async abort(by: string): Promise<boolean> {
    if (!this.active()) return false
    this.state = 'aborted'
    this.reason = `aborted by ${by}`
    const safe = this.deps.procedure.onAbort === 'safe' || this.lastLoad === undefined
    if (safe) await this.deps.stack.safeLoad(this.actor)
    this.deps.emit('aborted', `${this.reason}; the load is ${safe ? 'safe' : 'left as last set'}`, by)
    return true
  }

  /** The station stops: no further step runs and nothing more is written (the control port leaves the safe state). */
  stop(): void {
    if (!this.active()) return
    this.state = 'aborted'
    this.reason = 'the station stopped'
  }

  active(): boolean {
    return ACTIVE.includes(this.state)
  }

  progress(): ProcedureProgress {
    const { procedure, startedBy } = this.deps
    const waiting = this.state === 'waiting'
    const step = waiting ? this.repeat : (this.work[this.index] ?? null)
    const ended = !this.active()
    const stepLeftMs = this.stepLeftMs()
    const laterMs = waiting ? this.passMs() : this.work.slice(this.index + 1).reduce((s, x) => s + stepDurationMs(x), 0)
    return {
      ...{ procedureId: procedure.id, name: procedure.name, state: this.state, pass: this.pass },
      ...{ startedBy, startedAtMs: this.startedAtMs, reason: this.reason },
      step: waiting ? procedure.steps.length : Math.min(this.index + 1, this.work.length),
      steps: procedure.steps.length,
      stepName: step ? stepName(step) : null,
      stepTimeLeftS: ended ? null : stepLeftMs / 1000,
      procedureTimeLeftS: ended ? null : (stepLeftMs + laterMs) / 1000,
    }
  }

  private stepLeftMs(): number {
    if (this.waitUntil) {
      const now = this.waitUntil.clock === 'wall' ? this.deps.clock.now() : (this.lastT ?? 0)
      return Math.max(0, this.waitUntil.t - now)
    }
    if (this.sweep) return Math.max(0, this.sweep.leftMs())
    const step = this.work[this.index]
    return step ? Math.max(0, stepDurationMs(step) - this.elapsedMs) : 0
  }

  private passMs(): number {
    return this.work.reduce((sum, step) => sum + stepDurationMs(step), 0)
  }

  private fail(error: unknown): void {
    this.busy = false
    if (!this.active()) return
    this.state = 'failed'
    this.reason = `step ${this.index + 1} (${stepName(this.work[this.index]!)}) failed: ${(error as Error).message}`
    this.deps.emit('failed', this.reason, null)
  }

  /** Runs a step's write; the step goes on when it is done, unless the procedure ended meanwhile. */
  private act(action: () => Promise<unknown>, then: () => void): void {
    this.busy = true
    action().then(
      () => {
        this.busy = false
        if (this.active()) then()
      },
      (error: unknown) => this.fail(error),
    )
  }

  private finishStep(): void {
    this.deps.emit('step-finished', `step ${this.index + 1}: ${stepName(this.work[this.index]!)} done`, null)
    this.index += 1
    this.enterStep()
  }

  private enterStep(): void {
    this.elapsedMs = 0
    this.sweep = undefined
    const step = this.work[this.index]
    if (!step) return this.endPass()
    const { stack } = this.deps
    this.deps.emit('step-started', `step ${this.index + 1} of ${this.work.length}: ${stepName(step)}`, null)
    if (step.kind === 'setLoad')
      this.act(
        () => stack.setLoad(step.ohm, this.actor).then(() => (this.lastLoad = step.ohm)),
        () => this.finishStep(),
      )
    else if (step.kind === 'setFeed')
      this.act(
        () => stack.setFeed(step.lPerDay, this.actor),
        () => this.finishStep(),
      )
    else if (step.kind === 'switchController') {
      try {
        stack.switchController(step.controller, this.actor)
      } catch (error) {
        return this.fail(error)
      }
      this.finishStep()
    } else if (step.kind === 'polarizationSweep') {
      this.sweep = createSweepMeasurement(step, this.deps.clock.now())
      this.startPoint()
    }
  }

  private startPoint(): void {
    const measurement = this.sweep!
    const load = measurement.load()
    this.act(
      () => this.deps.stack.setLoad(load, this.actor).then((written) => measurement.begin(written)),
      () => (this.lastLoad = load),
    )
  }

  private endPass(): void {
    const { repeat, pass } = this
    if (!repeat || (repeat.times !== undefined && pass >= repeat.times)) {
      this.state = 'finished'
      this.deps.emit(
        'finished',
        `${this.deps.procedure.name} finished after ${pass} pass${pass === 1 ? '' : 'es'}`,
        null,
      )
      return
    }
    this.pass += 1
    this.scheduleNextPass()
  }

  private scheduleNextPass(): void {
    const repeat = this.repeat!
    const { clock } = this.deps
    this.waitUntil =
      repeat.dailyAt !== undefined
        ? { clock: 'wall', t: nextDailyMs(clock.now(), repeat.dailyAt) }
        : { clock: 'run', t: (this.passStartT ?? this.lastT ?? 0) + (repeat.everyS ?? 0) * 1000 }
    this.state = 'waiting'
    this.deps.emit('waiting', `pass ${this.pass} starts in ${Math.round(this.stepLeftMs() / 1000)} s`, null)
  }

  private startPass(t: number): void {
    this.state = 'running'
    this.waitUntil = undefined
    this.passStartT = t
    this.index = 0
    this.enterStep()
  }

  private onRunningFrame(frame: TelemetryFrame, dt: number): void {
    this.elapsedMs += dt
    const step = this.work[this.index]
    if (step?.kind === 'wait' && this.elapsedMs >= step.durationS * 1000) this.finishStep()
    else if (step?.kind === 'polarizationSweep' && this.sweep) {
      const done = this.sweep.advance(frame, dt)
      if (done === 'point') this.startPoint()
      else if (done === 'sweep') {
        this.deps.onSweep(this.sweep.result(this.deps.clock.now()))
        this.finishStep()
      }
    }
  }

  /** After a pause or a hold a sweep restarts the load point it was on: the interlock may have moved the load. */
  private interrupted(): void {
    if (this.sweep && !this.busy) {
      this.sweep.restartPoint()
      this.startPoint()
    }
  }
}
