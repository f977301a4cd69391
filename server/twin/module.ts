import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { EventBus } from '../event-bus.js'
import type { StationModule } from '../module.js'
import type { ProcedurePreviewPort } from '../procedures/module.js'
import type { Db } from '../store/database.js'
import { createAnalysesRouter } from './analyses-routes.js'
import { createExclusiveWork } from './exclusive-work.js'
import { createProfileStore } from './profiles/profile-store.js'
import type { HistoryPort } from './run/recorded-frames.js'
import type { AlarmPort } from './run/twin-run.js'
import { createTwinRouter } from './routes.js'
import { analysesApi, twinApi } from './routes-description.js'
import { mountOf } from '../auth/route-description.js'
import { createTwinService, type SimulationPort, type TwinService } from './service.js'

export { twinMigrations } from './profiles/profile-store.js'

export type TwinModuleDeps = {
  db: Db
  clock: Clock
  bus: EventBus
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  /** The alarm module's active list: the twin raises and clears its residual alarms there. */
  alarms: AlarmPort
  /** The recorder's history: replay and the analyses of recorded runs. */
  history: HistoryPort
  /** The running simulation; absent when the source is hardware. */
  simulation?: SimulationPort | undefined
  /** The saved procedures a what-if plan may run on the twin (read-only). */
  procedures?: ProcedurePreviewPort | undefined
}

export type TwinModule = StationModule & { service: TwinService }

/**
 * Lab analyses and the digital twin (docs/twin.md): polarization, coulombic and online analyses, the
 * parameter estimator, cell profiles, the twin run beside every frame of the running source, replay and
 * what-if. It follows the bus's `telemetry` topic; its heavy computations run one at a time in slices.
 */
export function createTwinModule(deps: TwinModuleDeps): TwinModule {
  const { clock, guard } = deps
  const service = createTwinService({
    ...{ profiles: createProfileStore(deps.db, clock.now), alarms: deps.alarms, history: deps.history },
    ...{ simulation: deps.simulation, jobs: createExclusiveWork(() => performance.now()), now: clock.now },
    procedures: deps.procedures,
  })
  const release = deps.bus.subscribe('telemetry', 'twin', (frame) => service.observe(frame))
  return {
    name: 'twin',
    service,
    routes: [
      mountOf(twinApi, createTwinRouter({ service, guard, audit: deps.audit })),
      mountOf(analysesApi, createAnalysesRouter({ service, history: deps.history, guard })),
    ],
    close() {
      release()
      service.stop()
    },
  }
}
