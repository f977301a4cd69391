import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import type { ConfigLayer } from '../config/schema.js'
import { silentLogger } from '../logger.js'
import { createPasswordHasher } from '../auth/passwords.js'
import { startStation, type RunningStation, type StationDeps } from '../station/station.js'

/** The first admin's password in test stations (MFC_ADMIN_PASSWORD); the admin is "admin". */
export const TEST_ADMIN_PASSWORD = 'test admin password 1'

export type TestStation = RunningStation & {
  dataDir: string
  /**
   * An admin-role API token created for hazardous actions; httpsRequest sends it unless told `anonymous`
   * or given an Authorization header.
   */
  adminToken: string
  /** Lines the station printed for the operator (setup code, secrets warning). */
  printed: string[]
  dispose(): Promise<void>
}

// Tests never touch the developer's real keychain: the file fallback, unless a test brings its own Secret Service.
const noKeychain = async (): Promise<never> => {
  throw new Error('no keychain in tests')
}
// scrypt with N = 2^12 keeps logins fast in tests; passwords.test.ts checks the production parameters.
const testHasher = createPasswordHasher({ N: 2 ** 12, r: 8, p: 1, keyLength: 64, saltLength: 16 })

export type TestStationOptions = { security?: StationDeps['security']; realKeychain?: boolean }

/** A real station on a free loopback port with its own temporary data dir, an admin and an admin token. */
export async function startTestStation(
  flags: ConfigLayer = {},
  dataDir = mkdtempSync(join(tmpdir(), 'mfc-station-')),
  options: TestStationOptions = {},
): Promise<TestStation> {
  const config = loadConfig({
    flags: { port: 0, dataDir, ...flags, security: { adminPassword: TEST_ADMIN_PASSWORD, ...flags.security } },
    env: {},
    fileExists: () => false,
  })
  const printed: string[] = []
  const security = {
    hasher: testHasher,
    ...(options.realKeychain ? {} : { loadKeychain: noKeychain }),
    ...options.security,
  }
  const station = await startStation(config, {
    log: silentLogger,
    print: (line) => printed.push(line),
    security,
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  })
  let adminToken = ''
  try {
    adminToken = await createAdminToken(station)
  } catch {
    // A station started without a usable admin (setup-code tests) has no admin token.
  }
  const extra = {
    dataDir,
    adminToken,
    printed,
    async dispose() {
      await station.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  // Property descriptors, not a spread: fingerprint and certificatePem are getters that follow a certificate swap.
  return Object.defineProperties(extra, Object.getOwnPropertyDescriptors(station)) as TestStation
}

/** Signs in as the test admin and returns its session cookie and CSRF token. */
export async function loginAs(
  station: Pick<RunningStation, 'url' | 'certificatePem'>,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<{ cookie: string; csrfToken: string; headers: Record<string, string> }> {
  const res = await httpsRequest(station, '/api/v1/auth/login', {
    method: 'POST',
    anonymous: true,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.body}`)
  const setCookie = [res.headers['set-cookie'] ?? []].flat()[0] ?? ''
  const cookie = setCookie.split(';')[0] ?? ''
  const { csrfToken } = JSON.parse(res.body) as { csrfToken: string }
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } }
}

async function createAdminToken(station: Pick<RunningStation, 'url' | 'certificatePem'>): Promise<string> {
  const { headers } = await loginAs(station)
  const res = await httpsRequest(station, '/api/v1/tokens', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test-admin', role: 'admin', hazardous: true }),
  })
  if (res.status !== 201) throw new Error(`creating the test admin token failed: ${res.status} ${res.body}`)
  return (JSON.parse(res.body) as { token: string }).token
}

export type HttpsResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** An HTTPS request that trusts exactly the station's certificate (no verification switched off). */
export function httpsRequest(
  station: Pick<RunningStation, 'url' | 'certificatePem'> & { adminToken?: string },
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; anonymous?: boolean } = {},
): Promise<HttpsResponse> {
  const explicit = Object.keys(init.headers ?? {}).some(
    (name) => name.toLowerCase() === 'authorization' || name.toLowerCase() === 'cookie',
  )
  const headers =
    station.adminToken && !init.anonymous && !explicit
      ? { authorization: `Bearer ${station.adminToken}`, ...init.headers }
      : init.headers
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, station.url),
      { method: init.method ?? 'GET', headers, ca: station.certificatePem },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}
