import { X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHistoryReader } from '../../recorder/history.js'
import { daysLeft } from '../../tls/certificate.js'
import { UsageError } from '../usage-error.js'
import { commonUsage, CommandFailed, output, parseCommand, table, type OpsIo } from './common.js'
import { withDataDir } from './offline.js'
import { fromApi, resolveTarget, type Target } from './target.js'

export const statusUsage = `Usage: mfc-station status [options]

The station at a glance: health and components, the run, streams, the certificate, the recorder.
Exit 0 while the station runs and is healthy, 1 when it is degraded, stopped or unreachable. Without a
token a running station shows its public health only.

${commonUsage}`

type Report = { running: boolean; ok: boolean; rows: Array<readonly [string, string]>; detail: Record<string, unknown> }

/** A part of the report a token without the permission may not read: shown as such, not a failure. */
async function part<T>(read: () => Promise<T>): Promise<T | string> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof CommandFailed && /answered (401|403)/.test(error.message)) return 'not visible with this token'
    throw error
  }
}

const text = <T>(value: T | string, describe: (value: T) => string) =>
  typeof value === 'string' ? value : describe(value)

async function apiReport(target: Extract<Target, { kind: 'api' }>, signedIn: boolean): Promise<Report> {
  const { client, url } = target
  const health = await fromApi(url, client.GET('/api/v1/health'))
  const rows: Array<readonly [string, string]> = [
    ['station', `running at ${url}: ${health.status}, version ${health.version}, up ${health.uptimeSeconds} s`],
  ]
  if (!signedIn) return { running: true, ok: health.status === 'ok', rows, detail: { health } }
  const [run, tls, recording, performance] = await Promise.all([
    part(() => fromApi(url, client.GET('/api/v1/simulation'))),
    part(() => fromApi(url, client.GET('/api/v1/tls/status'))),
    part(() => fromApi(url, client.GET('/api/v1/telemetry/recording'))),
    part(() => fromApi(url, client.GET('/metrics/performance'))),
  ])
  const components = health.components ?? []
  rows.push(
    ['components', components.map((c) => `${c.name} ${c.state}${c.lastError ? ` (${c.lastError})` : ''}`).join(', ')],
    [
      'run',
      text(
        run,
        (r) => `${r.runId} ${r.state}, ${r.cells} cells, ${r.controller}, sim time ${Math.round(r.simTimeS)} s`,
      ),
    ],
    ['streams', text(performance, (p) => `${p.stream_clients} client(s)`)],
    ['certificate', text(tls, (t) => `${t.source}, SHA-256 ${t.certificate.fingerprint256}, ${t.daysLeft} days left`)],
    ['recorder', text(recording, (r) => `${r.state}, ${r.framesWritten} frames written, ${r.framesLost} lost`)],
  )
  return { running: true, ok: health.status === 'ok', rows, detail: { health, run, tls, recording, performance } }
}

async function offlineReport(target: Extract<Target, { kind: 'offline' }>): Promise<Report> {
  const { dataDir } = target.config
  const rows: Array<readonly [string, string]> = [['station', `stopped (data dir ${dataDir})`]]
  const pem = await readFile(join(dataDir, 'tls', 'server.crt'), 'utf8').catch(() => undefined)
  const cert = pem === undefined ? undefined : new X509Certificate(pem)
  rows.push([
    'certificate',
    cert ? `SHA-256 ${cert.fingerprint256}, ${daysLeft(cert.validTo, Date.now())} days left` : 'none yet',
  ])
  const runs = await withDataDir(target.config, (db) => createHistoryReader(db).listRuns(1, 0)).catch(() => undefined)
  const last = runs?.runs[0]
  rows.push([
    'runs',
    runs
      ? `${runs.total} recorded${last ? `, last ${last.runId} (${last.endState ?? 'interrupted'})` : ''}`
      : 'no database yet',
  ])
  const detail = { running: false, dataDir, certificate: cert?.fingerprint256 ?? null, runs: runs?.total ?? 0 }
  return { running: false, ok: false, rows, detail }
}

/** `mfc-station status` (docs/operations.md "Operations CLI"). */
export async function statusCommand(argv: string[], io: OpsIo): Promise<number> {
  const { values, positionals } = parseCommand(argv)
  if (values.help) return (io.stdout(statusUsage), 0)
  if (positionals.length > 0) throw new UsageError(`status takes no arguments, got "${positionals.join(' ')}"`)
  const target = await resolveTarget(values, io.env, { needsToken: false })
  const signedIn = (values.token ?? io.env['MFC_TOKEN']) !== undefined
  const report = target.kind === 'api' ? await apiReport(target, signedIn) : await offlineReport(target)
  output(io, values, { running: report.running, ok: report.ok, ...report.detail }, () => table(report.rows))
  return report.running && report.ok ? 0 : 1
}
