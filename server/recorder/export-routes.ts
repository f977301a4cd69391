import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Router } from 'express'
import { runIdParamsSchema } from '../contract/telemetry.js'
import type { HistoryReader } from './history.js'
import { csvExport } from './csv-export.js'
import type { RunEventStore } from './run-events.js'
import type { Db } from '../store/database.js'
import type { Logger } from '../logger.js'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import type { createExportSlots } from './export-slots.js'
import { parseParams } from '../validation.js'

export const exportApi = describeRoutes({
  name: 'export',
  mount: '/runs',
  tag: 'Runs and history',
  endpoints: {
    csv: {
      method: 'get',
      path: '/:runId/telemetry.csv',
      summary: 'The whole run as CSV under its metadata lines, with a header row of units, streamed',
      description:
        'At most telemetry.maxExportsPerCaller exports run at once per caller and telemetry.maxExports in all; 429 beyond.',
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: { description: 'one row per frame', contentType: 'text/csv' } },
    },
  },
})

/**
 * `/api/v1/runs/:runId/telemetry.csv`: one run's frames as CSV under its metadata lines, streamed page by
 * page with backpressure, at most a few at a time per caller and in total (429 beyond).
 */
export function createExportRouter(deps: {
  db: Db
  history: HistoryReader
  events: Pick<RunEventStore, 'read'>
  guard: AccessGuard
  log: Logger
  slots: ReturnType<typeof createExportSlots>
  /** The station's version, in the export's metadata. */
  version: string
  /** A run's lab metrics as `#` lines for the metadata (docs/lab-metrics.md). */
  labMetricsLines?: ((runId: string) => readonly string[]) | undefined
}): Router {
  return describedRouter(exportApi, deps.guard, {
    csv: async (req, res) => {
      const run = deps.history.runKey(parseParams(runIdParamsSchema, req).runId)
      const release = deps.slots.take(principalOf(res)!.key)
      const name = `${run.summary.name.replace(/[^\w.-]+/g, '_')}-${run.summary.runId}.csv`
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      })
      try {
        const meta = {
          stationVersion: deps.version,
          run: deps.history.run(run.summary.runId),
          events: deps.events.read(run.id),
          ...(deps.labMetricsLines ? { labMetrics: deps.labMetricsLines(run.summary.runId) } : {}),
        }
        await pipeline(Readable.from(csvExport(deps.db, run, meta)), res)
      } catch (error) {
        // Headers are out: a failure can only cut the download short (a client closing early lands here too).
        deps.log.debug(`export of run ${run.summary.runId} ended early: ${(error as Error).message}`)
      } finally {
        release()
      }
    },
  })
}
