import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import type { ConfigLayer } from '../config/schema.js'
import type { Logger } from '../log/logger.js'
import { startStation, type RunningStation } from '../station/station.js'

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} }

export type TestStation = RunningStation & { dataDir: string; dispose(): Promise<void> }

/** A real station on a free loopback port with its own temporary data dir. */
export async function startTestStation(flags: ConfigLayer = {}, dataDir = mkdtempSync(join(tmpdir(), 'mfc-station-'))): Promise<TestStation> {
  const config = loadConfig({ flags: { port: 0, dataDir, ...flags }, env: {}, fileExists: () => false })
  const station = await startStation(config, { log: silentLogger }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  })
  return {
    ...station,
    dataDir,
    async dispose() {
      await station.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type HttpsResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** An HTTPS request that trusts exactly the station's certificate (no verification switched off). */
export function httpsRequest(station: Pick<RunningStation, 'url' | 'certificatePem'>, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, station.url), { method: init.method ?? 'GET', headers: init.headers, ca: station.certificatePem }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}
