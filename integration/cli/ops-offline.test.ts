import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStationProcess } from '../../server/testing/station-process.js'
import { leafCertificate, opensslPfx } from '../../server/tls/testing/material.js'
import { cli, expectOneLine } from './ops-helpers.js'

// The operations CLI on the data dir of a stopped station (docs/operations.md "Operations CLI").
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-ops-offline-'))
const dir = ['--data-dir', dataDir]
beforeAll(async () => {
  // A station that ran once: a database with a recorded run, a certificate, the keys, an admin.
  const station = await startStationProcess({ dataDir, env: { MFC_ADMIN_PASSWORD: 'first admin password' } })
  await new Promise((resolve) => setTimeout(resolve, 1500))
  await station.stop()
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('operations CLI on a stopped station', () => {
  it('status reports the stopped station, its certificate and runs, and exits 1', async () => {
    const result = await cli(['status', ...dir])
    expect(result.code).toBe(1)
    const fingerprint = new X509Certificate(readFileSync(join(dataDir, 'tls', 'server.crt'))).fingerprint256
    expect(result.stdout).toContain(`stopped (data dir ${dataDir})`)
    expect(result.stdout).toContain(`SHA-256 ${fingerprint}`)
    expect(result.stdout).toMatch(/runs +1 recorded, last \S+/)
    expect(JSON.parse((await cli(['status', '--json', ...dir])).stdout)).toMatchObject({ running: false, runs: 1 })
  })

  it('token create prints the token once; list shows it (never the secret); revoke ends it', async () => {
    const created = await cli(['token', 'create', 'lab-script', '--role', 'operator', ...dir])
    expect(created.code).toBe(0)
    const [headline, token] = created.stdout.trim().split('\n')
    expect(headline).toMatch(/^token (\S+) created; it is shown only this once:$/)
    expect(token).toMatch(/^mfc_[\w-]{43}$/)
    const id = /^token (\S+)/.exec(headline!)![1]!
    const listed = JSON.parse((await cli(['token', 'list', '--json', ...dir])).stdout) as Array<Record<string, string>>
    expect(listed.find((entry) => entry['id'] === id)).toMatchObject({
      name: 'lab-script',
      role: 'operator',
      createdBy: 'cli (data dir)',
    })
    expect(JSON.stringify(listed)).not.toContain(token)
    expect((await cli(['token', 'revoke', id, ...dir])).code).toBe(0)
    expectOneLine(await cli(['token', 'revoke', id, ...dir]), 1, /^mfc-station: no such live token /)
  })

  it('user add, reset-password and disable, with the password on stdin; the last admin stays; audit intact', async () => {
    const added = await cli(['user', 'add', 'ada', '--role', 'viewer', ...dir], { input: 'ada password 123\n' })
    expect(added.stdout.trim()).toBe('user ada (viewer) added')
    expect((await cli(['user', 'reset-password', 'ada', ...dir], { input: 'new ada password\n' })).code).toBe(0)
    expect((await cli(['user', 'disable', 'ada', ...dir])).stdout).toContain('user ada (viewer) disabled')
    const users = JSON.parse((await cli(['user', 'list', '--json', ...dir])).stdout) as Array<Record<string, unknown>>
    expect(users.map((user) => [user['username'], user['disabled']])).toEqual([
      ['ada', true],
      ['admin', false],
    ])
    expectOneLine(await cli(['user', 'disable', 'admin', ...dir]), 1, /last admin/)
    expectOneLine(await cli(['user', 'add', 'bob', '--role', 'viewer', ...dir], { input: 'short\n' }), 2, /10 to 1024/)
    expect((await cli(['audit', 'verify', ...dir])).stdout).toMatch(/^audit log intact: \d+ entries/)
  })
})

describe('operations CLI on a stopped station: runs and certificate', () => {
  it('runs list and runs export write the recorded run as CSV', async () => {
    const page = JSON.parse((await cli(['runs', 'list', '--json', ...dir])).stdout) as {
      runs: Array<{ runId: string }>
    }
    const csv = join(dataDir, 'run.csv')
    const exported = await cli(['runs', 'export', page.runs[0]!.runId, '--csv', csv, ...dir])
    expect(exported.code).toBe(0)
    // Offline, the same metadata lines as the station's export, then the header row.
    const lines = readFileSync(csv, 'utf8').split('\n')
    expect(lines[0]).toMatch(/^# MFC Station \d+\.\d+\.\d+/)
    expect(lines.find((line) => line.startsWith('# run: '))).toContain(page.runs[0]!.runId)
    expect(lines.find((line) => !line.startsWith('#'))).toMatch(/^seq,sim_time_s,wall_time,/)
    expectOneLine(await cli(['runs', 'export', 'no-such-run', '--csv', csv, ...dir]), 1, /no recorded run no-such-run/)
  })

  it('tls self-signed replaces the certificate; tls status shows the new one', async () => {
    const before = new X509Certificate(readFileSync(join(dataDir, 'tls', 'server.crt'))).fingerprint256
    const made = await cli(['tls', 'self-signed', '--days', '30', '--name', 'station.lab', '--json', ...dir])
    expect(made.code).toBe(0)
    const status = JSON.parse(made.stdout) as { certificate: { fingerprint256: string; subjectAltNames: string[] } }
    expect(status.certificate.fingerprint256).not.toBe(before)
    expect(status.certificate.subjectAltNames).toContain('DNS:station.lab')
    expect((await cli(['tls', 'status', ...dir])).stdout).toContain(status.certificate.fingerprint256)
  })

  it('tls import, import-pfx, backup and restore on the data dir; the certificate comes back', async () => {
    const leaf = await leafCertificate({ names: ['localhost', 'imported.lab'] })
    const [cert, key, pfx, backup] = ['leaf.crt', 'leaf.key', 'leaf.pfx', 'tls-backup.json'].map((name) =>
      join(dataDir, name),
    )
    writeFileSync(cert!, leaf.certPem)
    writeFileSync(key!, leaf.keyPem)
    const served = () => new X509Certificate(readFileSync(join(dataDir, 'tls', 'server.crt'))).fingerprint256
    expect((await cli(['tls', 'backup', '--out', backup!, ...dir], { input: 'backup passphrase 1\n' })).code).toBe(0)
    const original = served()
    const imported = await cli(['tls', 'import', '--cert', cert!, '--key', key!, '--json', ...dir])
    expect(JSON.parse(imported.stdout)).toMatchObject({ source: 'imported' })
    expect(served()).toBe(new X509Certificate(leaf.certPem).fingerprint256)
    writeFileSync(pfx!, opensslPfx(leaf, 'pfx password'))
    expect((await cli(['tls', 'import-pfx', pfx!, ...dir], { input: 'pfx password\n' })).code).toBe(0)
    expectOneLine(
      await cli(['tls', 'import-pfx', pfx!, ...dir], { input: 'wrong\n' }),
      1,
      /answered|password|PFX|pkcs/i,
    )
    expect((await cli(['tls', 'restore', backup!, ...dir], { input: 'backup passphrase 1\n' })).code).toBe(0)
    expect(served()).toBe(original)
  })
})

describe('operations CLI on a stopped station: configuration and usage', () => {
  it('config check lists every value with its source, secrets masked; an invalid file fails in one line', async () => {
    const file = join(dataDir, 'check.json')
    writeFileSync(file, JSON.stringify({ port: 9443, telemetry: { retentionDays: 7 } }))
    const env = { MFC_API_TOKEN: 'reference-api-token-0123456789', MFC_SIM_SPEED: '60' }
    const result = await cli(['config', 'check', '--config', file, '--json', ...dir], { env })
    const entries = new Map(
      (JSON.parse(result.stdout) as { entries: Array<{ key: string; value: unknown; source: string }> }).entries.map(
        (entry) => [entry.key, entry],
      ),
    )
    expect(entries.get('port')).toEqual({ key: 'port', value: 9443, source: `file ${file}` })
    expect(entries.get('dataDir')?.source).toBe('flag')
    expect(entries.get('sim.speed')).toMatchObject({ value: 60, source: 'env MFC_SIM_SPEED' })
    expect(entries.get('security.apiToken')).toMatchObject({ value: '********', source: 'env MFC_API_TOKEN' })
    expect(entries.get('host')).toMatchObject({ value: '127.0.0.1', source: 'default' })
    expect(result.stdout).not.toContain('reference-api-token')
    writeFileSync(file, JSON.stringify({ port: 'eighty' }))
    expectOneLine(
      await cli(['config', 'check', '--config', file, ...dir]),
      1,
      /^mfc-station: configuration invalid: .*port/,
    )
  })

  it.each([
    [['token', 'create'], /expected "token list"/],
    [['token', 'create', 'x'], /give exactly one of "role" or "scopes"/],
    [['user', 'add', 'ada'], /--role must be viewer, operator or admin/],
    [['tls', 'frobnicate'], /unknown tls action "frobnicate"/],
    [['runs', 'export', 'r1'], /runs export needs --csv FILE/],
    [['status', 'now'], /status takes no arguments/],
    [['status', '--url', 'http://127.0.0.1:8443'], /--url must be an https:\/\/ URL/],
    [['token', 'list', '--url', 'https://127.0.0.1:8443'], /--url needs --token/],
    [['config', 'show'], /expected "config check"/],
  ])('%j is a usage error: one line, exit 2', async (args, message) => {
    expectOneLine(await cli([...args, ...dir]), 2, message)
  })
})
