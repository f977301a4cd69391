import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { mountOf } from '../auth/route-description.js'
import type { Clock } from '../clock.js'
import type { RunDetail } from '../contract/telemetry.js'
import type { GeometryEdits } from '../lab-metrics/geometry.js'
import type { StationModule } from '../module.js'
import type { Db } from '../store/database.js'
import { cellGeometryApi, createCellGeometryRouter } from './routes.js'
import { createGeometryEditStore } from './store.js'

export { cellGeometryMigrations } from './store.js'

export type CellGeometryModule = StationModule & {
  /** A run's edited sizes for the lab metrics; a new object after each edit. */
  editsOf(runId: string): GeometryEdits
}

/**
 * Cell geometry as run parameters (docs/lab-metrics.md "Editing cell geometry"): a hardware run's anode
 * area and volume, editable after the fact, audited, kept beside the recording and never in it.
 */
export function createCellGeometryModule(deps: {
  db: Db
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  clock: Pick<Clock, 'now'>
  /** The recorded runs (the recorder's history port): the run, its source, cells and configuration. */
  runs: { run(runId: string): RunDetail }
}): CellGeometryModule {
  const edits = createGeometryEditStore(deps.db)
  const router = createCellGeometryRouter({ ...deps, edits, now: () => deps.clock.now() })
  return {
    name: 'cell geometry',
    routes: [mountOf(cellGeometryApi, router)],
    editsOf: edits.read,
  }
}
