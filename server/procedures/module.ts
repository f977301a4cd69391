import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { mountOf } from '../auth/route-description.js'
import type { Clock } from '../clock.js'
import type { SimulationPort } from '../control/simulation-control.js'
import type { StackControl } from '../control/stack-control.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import type { Db } from '../store/database.js'
import type { SavedProcedure } from '../contract/procedures.js'
import { createProcedureStack, loadSnapping } from './procedure-stack.js'
import { createProceduresRouter, createRunSweepsRouter } from './routes.js'
import { proceduresApi, runSweepsApi } from './routes-description.js'
import { ProceduresService } from './service.js'
import { createProcedureStore } from './store.js'

export { procedureMigrations } from './store.js'

/** Read-only: the saved procedures and the load a step would put on the stack (the twin's what-if previews them). */
export type ProcedurePreviewPort = {
  get(id: string): SavedProcedure | undefined
  snapLoad(ohm: number, lastOhm: number | undefined): number
}

export type ProceduresModuleDeps = {
  db: Db
  /** The control port (docs/control.md "The control port") the procedures drive the stack through. */
  stack: StackControl
  /** On a simulated stack: the live configuration a load or feed step changes. */
  simulation?: Pick<SimulationPort, 'config' | 'configure'> | undefined
  bus: EventBus
  clock: Clock
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  log: Logger
}

/**
 * Procedures (docs/control.md "Procedures"): `/api/v1/procedures` and `/api/v1/runs/:runId/sweeps`; the
 * running procedure follows the stack's frames and the interlock events on the bus.
 */
export function createProceduresModule(
  deps: ProceduresModuleDeps,
): StationModule & { service: ProceduresService; preview: ProcedurePreviewPort } {
  const { bus, stack } = deps
  const service = new ProceduresService({
    ...{ store: createProcedureStore(deps.db), stack: createProcedureStack(deps), source: stack.source },
    ...{ bus, clock: deps.clock, audit: deps.audit, log: deps.log },
  })
  const releaseFrames = bus.subscribe('telemetry', 'procedures', (frame) => service.onFrame(frame))
  const releaseEvents = bus.subscribe('event', 'procedures', ({ event }) => {
    if (event.kind === 'interlock') service.onInterlock(event.id, event.state, event.message)
  })
  const guard = deps.guard
  return {
    name: 'procedures',
    service,
    preview: { get: (id) => service.get(id), snapLoad: loadSnapping(stack) },
    routes: [
      mountOf(proceduresApi, createProceduresRouter({ procedures: service, guard })),
      mountOf(runSweepsApi, createRunSweepsRouter({ procedures: service, guard })),
    ],
    close() {
      releaseFrames()
      releaseEvents()
      service.close()
    },
  }
}
