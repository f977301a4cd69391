import { createServer } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpsRequest } from '../../server/testing/station-fixture.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'
import { cli, expectOneLine } from './ops-helpers.js'

// The operations CLI against a running station process: through its API, trusting the data dir's
// certificate, with --url/--token, a wrong token and a station that is down.
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-ops-api-'))
const dir = ['--data-dir', dataDir]
let station: StationProcess
let token: string
beforeAll(async () => {
  // The admin token is made on the stopped data dir first: the CLI's own way to get a first token over ssh.
  const first = await startStationProcess({ dataDir, env: { MFC_ADMIN_PASSWORD: 'first admin password' } })
  await first.stop()
  // Hazardous: it adds users and tokens below (docs/security.md, "re-authentication").
  const created = await cli(['token', 'create', 'ops', '--role', 'admin', '--hazardous', '--json', ...dir])
  token = (JSON.parse(created.stdout) as { token: string }).token
  station = await startStationProcess({ dataDir })
})
afterAll(async () => {
  await station.stop()
  rmSync(dataDir, { recursive: true, force: true })
})
const api = () => ['--token', token, ...dir]

describe('operations CLI on a running station', () => {
  it('status shows health, components, run, streams, certificate and recorder, exit 0', async () => {
    const result = await cli(['status', ...api()])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`running at ${station.url}: ok`)
    for (const row of ['components', 'run', 'streams', 'certificate', 'recorder'])
      expect(result.stdout).toMatch(new RegExp(`^${row} +\\S`, 'm'))
    expect(result.stdout).toContain(station.fingerprint)
    const json = JSON.parse((await cli(['status', '--json', ...api()])).stdout) as Record<string, unknown>
    expect(json).toMatchObject({ running: true, ok: true, run: { state: 'running' } })
    // Without a token: the public health only, still exit 0 for a healthy station.
    const anonymous = await cli(['status', ...dir])
    expect(anonymous.stdout.trim().split('\n')).toHaveLength(1)
    expect(anonymous.code).toBe(0)
  })

  it('refuses to touch the data dir under a running station, and names the token it needs', async () => {
    expectOneLine(await cli(['token', 'list', ...dir]), 2, /a station \(process \d+\) is running on .*--token/)
    expectOneLine(await cli(['token', 'list', '--token', 'mfc_not-a-token', ...dir]), 1, /answered 401 \(unauthorized/)
  })

  it('creates a token through the API that then works, and revokes it', async () => {
    const created = JSON.parse(
      (await cli(['token', 'create', 'probe', '--scope', 'telemetry:read', '--json', ...api()])).stdout,
    ) as {
      id: string
      token: string
    }
    const trusted = { url: station.url, certificatePem: station.certificatePem() }
    const bearer = { authorization: `Bearer ${created.token}` }
    expect((await httpsRequest(trusted, '/api/v1/simulation', { headers: bearer })).status).toBe(200)
    expect((await cli(['token', 'revoke', created.id, ...api()])).code).toBe(0)
    expect((await httpsRequest(trusted, '/api/v1/simulation', { headers: bearer })).status).toBe(401)
  })

  it('adds a user who can sign in, resets the password and disables them', async () => {
    expect(
      (await cli(['user', 'add', 'carol', '--role', 'operator', ...api()], { input: 'carol password 1\n' })).code,
    ).toBe(0)
    const trusted = { url: station.url, certificatePem: station.certificatePem() }
    const login = (password: string) =>
      httpsRequest(trusted, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'carol', password }),
      })
    expect((await login('carol password 1')).status).toBe(200)
    expect((await cli(['user', 'reset-password', 'carol', ...api()], { input: 'carol password 2\n' })).code).toBe(0)
    expect((await login('carol password 2')).status).toBe(200)
    expect((await cli(['user', 'disable', 'carol', ...api()])).code).toBe(0)
    expect((await login('carol password 2')).status).toBe(401)
    expectOneLine(await cli(['user', 'disable', 'nobody', ...api()]), 1, /no user nobody/)
  })
})

describe('operations CLI on a running station: runs, certificate, a station down', () => {
  it('exports a run as CSV and backs up the certificate through the API', async () => {
    const page = JSON.parse((await cli(['runs', 'list', '--json', ...api()])).stdout) as {
      runs: Array<{ runId: string }>
    }
    const csv = join(dataDir, 'api-run.csv')
    expect((await cli(['runs', 'export', page.runs[0]!.runId, '--csv', csv, ...api()])).code).toBe(0)
    // The station's export: its metadata lines, then the header row and the frames.
    expect(readFileSync(csv, 'utf8')).toMatch(/^# MFC Station [^\n]*\n(#[^\n]*\n)*seq,sim_time_s,[^\n]*\n\d+,/)
    const backup = join(dataDir, 'tls-backup.json')
    expect((await cli(['tls', 'backup', '--out', backup, ...api()], { input: 'backup passphrase 1\n' })).code).toBe(0)
    expect(JSON.parse(readFileSync(backup, 'utf8'))).toMatchObject({
      format: 'mfc-station-tls-backup',
      source: 'self-signed',
    })
  })

  it('renews the certificate of the running station, which serves the new one at once', async () => {
    const renewed = JSON.parse((await cli(['tls', 'renew', '--json', ...api()])).stdout) as {
      certificate: { fingerprint256: string }
    }
    expect(renewed.certificate.fingerprint256).not.toBe(station.fingerprint)
    const status = await cli([
      'status',
      '--url',
      station.url,
      '--ca',
      join(dataDir, 'tls', 'server.crt'),
      '--token',
      token,
    ])
    expect(status.stdout).toContain(renewed.certificate.fingerprint256)
  })

  it('says in one line, exit 1, when the station is down', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number }
        probe.close(() => resolve(free))
      })
    })
    expectOneLine(
      await cli(['status', '--url', `https://127.0.0.1:${port}`, '--token', token]),
      1,
      /^mfc-station: cannot reach the station at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/,
    )
  })
})
