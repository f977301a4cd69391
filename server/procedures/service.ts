import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { ProcedureProgress, ProcedureRunAction, SavedProcedure, StoredSweep } from '../contract/procedures.js'
import type { TelemetryFrame, TelemetrySource } from '../contract/stream.js'
import { AppError } from '../errors.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import { parseDefinition } from './definitions.js'
import type { ProceduresPort } from './routes.js'
import type { ProcedureStack } from './ports.js'
import { ProcedureRunner } from './runner.js'
import type { ProcedureStore } from './store.js'

export type ProceduresServiceDeps = {
  store: ProcedureStore
  stack: ProcedureStack
  source: TelemetrySource
  bus: Pick<EventBus, 'publish'>
  clock: Clock
  audit: Pick<AuditLog, 'record'>
  log: Logger
}

const IDLE: ProcedureProgress = {
  ...{ procedureId: null, name: null, state: 'idle', step: 0, steps: 0, stepName: null, pass: 0 },
  ...{ stepTimeLeftS: null, procedureTimeLeftS: null, reason: null, startedBy: null, startedAtMs: null },
}

/**
 * The saved procedures and the one driving the stack (docs/control.md "Procedures"). Every step start and
 * end is a `procedure` event stamped with the run (so the recorder keeps it with the run), a sweep is stored
 * with the run, and every definition change, start, pause, resume and abort is audited with who did it.
 */
export class ProceduresService implements ProceduresPort {
  private runner: ProcedureRunner | undefined
  private latest: TelemetryFrame | undefined
  private readonly notArmed = new Map<string, string>()

  constructor(private readonly deps: ProceduresServiceDeps) {}

  /** A frame of the stack's source advances the running procedure. */
  onFrame(frame: TelemetryFrame): void {
    if (frame.source !== this.deps.source) return
    this.latest = frame
    this.runner?.advance(frame)
  }

  /** An interlock that is not armed holds the procedure until it is armed again. */
  onInterlock(id: string, state: string, message: string): void {
    if (state === 'armed') this.notArmed.delete(id)
    else this.notArmed.set(id, `interlock ${id} ${state}: ${message}`)
    this.runner?.hold([...this.notArmed.values()])
  }

  list(): SavedProcedure[] {
    return this.deps.store.list()
  }

  get(id: string): SavedProcedure | undefined {
    return this.deps.store.get(id)
  }

  save(id: string, body: unknown, by: string): { procedure: SavedProcedure; created: boolean } {
    const procedure = { ...parseDefinition(body), id, updatedAtMs: this.deps.clock.now(), updatedBy: by }
    const created = this.deps.store.save(procedure)
    this.audit(by, created ? 'create' : 'replace', id, { name: procedure.name, steps: procedure.steps.length })
    return { procedure, created }
  }

  remove(id: string, by: string): void {
    this.found(id)
    if (this.runner?.active() && this.runner.progress().procedureId === id)
      throw new AppError('conflict', `procedure "${id}" is driving the stack: abort it first`)
    this.deps.store.remove(id)
    this.audit(by, 'delete', id)
  }

  start(id: string, by: string): ProcedureProgress {
    const procedure = this.found(id)
    if (this.runner?.active())
      throw new AppError('conflict', `procedure "${this.runner.progress().procedureId}" is driving the stack`)
    this.audit(by, 'start', id, { name: procedure.name })
    const { clock, stack, source } = this.deps
    const runner = new ProcedureRunner({
      ...{ procedure, stack, clock, source, startedBy: by },
      emit: (action, message, who) => this.publish(id, action, message, who),
      onSweep: (sweep) => this.storeSweep(id, sweep),
    })
    this.runner = runner
    runner.start()
    runner.hold([...this.notArmed.values()])
    return runner.progress()
  }

  pause(by: string): ProcedureProgress {
    const runner = this.running()
    if (!runner.pause(by)) throw new AppError('conflict', 'the procedure is not running')
    this.audit(by, 'pause', runner.progress().procedureId ?? '')
    return runner.progress()
  }

  resume(by: string): ProcedureProgress {
    const runner = this.running()
    if (!runner.resume(by)) throw new AppError('conflict', 'the procedure is not paused')
    this.audit(by, 'resume', runner.progress().procedureId ?? '')
    return runner.progress()
  }

  async abort(by: string): Promise<ProcedureProgress> {
    const runner = this.running()
    this.audit(by, 'abort', runner.progress().procedureId ?? '')
    await runner.abort(by)
    return runner.progress()
  }

  progress(): ProcedureProgress {
    return this.runner?.progress() ?? IDLE
  }

  sweeps(runId: string): StoredSweep[] {
    return this.deps.store.sweeps(runId)
  }

  sweep(runId: string, id: number): StoredSweep | undefined {
    return this.deps.store.sweep(runId, id)
  }

  /** Stops following the stack: the control module leaves it in its safe state on stop. */
  close(): void {
    this.runner?.stop()
  }

  private storeSweep(procedureId: string, sweep: Omit<StoredSweep, 'id' | 'runId' | 'procedureId'>): void {
    const stored = this.deps.store.addSweep({ ...sweep, runId: this.latest?.runId ?? '', procedureId })
    const mpp = stored.maximumPowerPoint
    const found = mpp
      ? `: maximum power ${mpp.powerW.toPrecision(4)} W at ${mpp.rExtOhm} Ω`
      : ': no maximum power point'
    this.publish(procedureId, 'sweep-stored', `sweep ${stored.id} stored${found}`, null)
  }

  private publish(procedureId: string, action: ProcedureRunAction, message: string, by: string | null): void {
    this.deps.log.info(`procedure ${procedureId} ${action}: ${message}`)
    const stamp = this.latest ? { runId: this.latest.runId, simTimeS: this.latest.simTimeS } : {}
    const event = { kind: 'procedure' as const, procedureId, action, message, by, progress: this.progress() }
    this.deps.bus.publish('event', { type: 'event', wallTimeMs: this.deps.clock.now(), ...stamp, event })
  }

  private running(): ProcedureRunner {
    if (!this.runner?.active()) throw new AppError('conflict', 'no procedure is driving the stack')
    return this.runner
  }

  private found(id: string): SavedProcedure {
    const procedure = this.deps.store.get(id)
    if (!procedure) throw new AppError('not_found', `no procedure "${id}"`)
    return procedure
  }

  private audit(by: string, action: string, target: string, details?: Record<string, unknown>): void {
    this.deps.audit.record({ actor: by, action: `procedure.${action}`, target, ...(details ? { details } : {}) })
  }
}
