import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publishStatusSchema, type PublishStatus } from '../contract/publish.js'
import { httpsRequest } from './station-fixture.js'
import { startStationProcess, type StationProcess } from './station-process.js'

/** The operator token test stations register through MFC_API_TOKEN. */
export const PUBLISH_TEST_TOKEN = 'publish-test-token-0123456789'

/** A data dir with a config file, private like the station wants it. */
export function publishingDataDir(config: Record<string, unknown>, dataDir?: string): string {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'mfc-publish-'))
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  return dir
}

/** A real station process (the built CLI) that publishes with `mqtt` as its `publish.mqtt` section. */
export function startPublishingStation(
  mqtt: Record<string, unknown>,
  options: {
    dataDir?: string
    station?: Record<string, unknown>
    tickHz?: number
    env?: Record<string, string>
    readyTimeoutMs?: number
  } = {},
): Promise<StationProcess> {
  const dataDir = publishingDataDir({ publish: { mqtt }, station: options.station ?? {} }, options.dataDir)
  return startStationProcess({
    dataDir,
    args: ['--tick-hz', String(options.tickHz ?? 10), '--log-level', 'warn'],
    env: { MFC_SECRETS: 'file', MFC_API_TOKEN: PUBLISH_TEST_TOKEN, ...options.env },
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  })
}

/** `GET /api/v1/publish` of a station process, with the test token. */
export async function publishStatus(station: StationProcess): Promise<PublishStatus> {
  const target = { url: station.url, certificatePem: station.certificatePem(), adminToken: PUBLISH_TEST_TOKEN }
  const res = await httpsRequest(target, '/api/v1/publish')
  if (res.status !== 200) throw new Error(`GET /api/v1/publish: ${res.status} ${res.body}`)
  return publishStatusSchema.parse(JSON.parse(res.body))
}
