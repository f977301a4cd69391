import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { RunList } from '../../contract/telemetry.js'
import { csvExport } from '../../recorder/csv-export.js'
import { createHistoryReader } from '../../recorder/history.js'
import { createRunEventStore } from '../../recorder/run-events.js'
import { packageVersion } from '../../package-info.js'
import { UsageError } from '../usage-error.js'
import { commonUsage, CommandFailed, output, parseCommand, stringOption, type OpsIo } from './common.js'
import { withDataDir } from './offline.js'
import { fromApi, resolveTarget, type Target } from './target.js'

export const runsUsage = `Usage: mfc-station runs list [--limit N] [options]
       mfc-station runs export RUN_ID --csv FILE [options]

Recorded runs, newest first, and one run's frames as CSV (docs/api.md "Telemetry, runs and events").

${commonUsage}`

async function listRuns(target: Target, limit: number): Promise<RunList> {
  if (target.kind === 'api')
    return fromApi(target.url, target.client.GET('/api/v1/runs', { params: { query: { limit } } }))
  return withDataDir(target.config, (db) => createHistoryReader(db).listRuns(limit, 0))
}

/** Streams the CSV into `file` page by page, never holding the run in memory. */
async function exportRun(target: Target, runId: string, file: string): Promise<void> {
  const sink = () => createWriteStream(file, { mode: 0o600 })
  if (target.kind === 'offline')
    return withDataDir(target.config, async (db) => {
      const history = createHistoryReader(db)
      const run = (() => {
        try {
          return history.runKey(runId)
        } catch {
          throw new CommandFailed(`no recorded run ${runId}`)
        }
      })()
      // The same metadata lines as the station's export, so an offline CSV reads the same.
      const meta = {
        stationVersion: packageVersion(),
        run: history.run(runId),
        events: createRunEventStore(db).read(run.id),
      }
      await pipeline(Readable.from(csvExport(db, run, meta)), sink())
    })
  const answer = await fromApi(
    target.url,
    target.client.GET('/api/v1/runs/{runId}/telemetry.csv', { params: { path: { runId } }, parseAs: 'stream' }),
  )
  if (!answer) throw new CommandFailed(`the station sent no CSV for run ${runId}`)
  await pipeline(Readable.fromWeb(answer), sink())
}

/** `mfc-station runs list|export` (docs/operations.md "Operations CLI"). */
export async function runsCommand(argv: string[], io: OpsIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { limit: { type: 'string' }, csv: { type: 'string' } })
  if (values.help) return (io.stdout(runsUsage), 0)
  const [action, runId, ...extra] = positionals
  if (extra.length > 0) throw new UsageError(`runs ${action}: unexpected "${extra.join(' ')}"`)
  if (action === 'list' && runId === undefined) {
    const limitText = stringOption(values, 'limit') ?? '20'
    const limit = Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be 1..500')
    const page = await listRuns(await resolveTarget(values, io.env), limit)
    output(io, values, page, () => [
      `${page.total} recorded run(s)${page.total > page.runs.length ? `, newest ${page.runs.length}` : ''}`,
      ...page.runs.map(
        (run) =>
          `${run.runId}  ${run.name}  ${run.controller}  ${run.cells} cells  ${run.frames} frames  started ${run.startedAt}` +
          `  ${run.endState ?? 'recording'}`,
      ),
    ])
    return 0
  }
  if (action === 'export' && runId !== undefined) {
    const file = stringOption(values, 'csv')
    if (!file) throw new UsageError('runs export needs --csv FILE')
    await exportRun(await resolveTarget(values, io.env), runId, file)
    output(io, values, { runId, csv: file }, () => [`run ${runId} exported to ${file}`])
    return 0
  }
  throw new UsageError('expected "runs list" or "runs export RUN_ID --csv FILE"')
}
