import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createStationClient, type StationClient } from '../../api-client/client.js'
import { loadConfig } from '../../config/load.js'
import type { StationConfig } from '../../config/schema.js'
import { localUrlHost } from '../../station/web-server.js'
import { runningStation } from '../../station/data-dir.js'
import { UsageError } from '../usage-error.js'
import { CommandFailed, type CommonValues } from './common.js'

/** Where a command works: through a station's API, or on the data dir of a stopped station. */
export type Target =
  | { kind: 'api'; client: StationClient; url: string; config?: StationConfig }
  | { kind: 'offline'; config: StationConfig }

function configOf(values: CommonValues, env: NodeJS.ProcessEnv): StationConfig {
  return loadConfig({
    env,
    ...(values['data-dir'] === undefined ? {} : { flags: { dataDir: values['data-dir'] } }),
    ...(values.config === undefined ? {} : { configFile: values.config }),
  })
}

/** The data dir's certificate, and its local CA when it has one: what a local station chains to. */
function dataDirTrust(dataDir: string): string | undefined {
  const files = ['server.crt', 'ca.crt'].map((name) => join(dataDir, 'tls', name)).filter((file) => existsSync(file))
  return files.length === 0 ? undefined : files.map((file) => readFileSync(file, 'utf8')).join('\n')
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--ca ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/**
 * `--url` works through that station's API; otherwise the data dir decides: a station running on it is
 * used through its API (it owns the database and the certificate), a stopped one is worked on directly.
 */
export async function resolveTarget(
  values: CommonValues,
  env: NodeJS.ProcessEnv,
  options: { needsToken: boolean } = { needsToken: true },
): Promise<Target> {
  const token = values.token ?? env['MFC_TOKEN']
  if (values.url !== undefined) {
    if (!/^https:\/\//.test(values.url)) throw new UsageError(`--url must be an https:// URL, got "${values.url}"`)
    if (options.needsToken && token === undefined) throw new UsageError('--url needs --token (or MFC_TOKEN)')
    const ca = values.ca === undefined ? undefined : readCa(values.ca)
    return { kind: 'api', url: values.url, client: createStationClient({ url: values.url, token, ca }) }
  }
  const config = configOf(values, env)
  const running = await runningStation(config.dataDir)
  if (running === undefined) return { kind: 'offline', config }
  const url = running.url ?? `https://${localUrlHost(config.host)}:${config.port}`
  if (options.needsToken && token === undefined)
    throw new UsageError(
      `a station (process ${running.pid}) is running on ${config.dataDir}: give --token (or MFC_TOKEN) to work ` +
        'through its API, or stop it to work on the data dir',
    )
  const ca = values.ca === undefined ? dataDirTrust(config.dataDir) : readCa(values.ca)
  return { kind: 'api', url, config, client: createStationClient({ url, token, ca }) }
}

type ApiResult<T> = { data?: T; error?: unknown; response: Response }

/** Awaits one API call: its data, or a CommandFailed naming the status and the station's message. */
export async function fromApi<T>(url: string, call: Promise<ApiResult<T>>): Promise<T> {
  let result: ApiResult<T>
  try {
    result = await call
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)
    throw new CommandFailed(`cannot reach the station at ${url}: ${cause.code ?? cause.message}`)
  }
  if (result.response.ok) return result.data as T
  const body = result.error as { error?: { code?: string; message?: string } } | undefined
  const detail = body?.error ? `${body.error.code}: ${body.error.message}` : result.response.statusText
  throw new CommandFailed(`the station answered ${result.response.status} (${detail})`)
}
