import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { httpsRequest } from '../../server/testing/station-fixture.js'

// A real station process at debug level: after sign-in, a token and an access request, no secret
// may appear in its log files or on its console.
const cli = fileURLToPath(new URL('../../dist/server/cli/main.js', import.meta.url))
const adminPassword = `pw-${randomBytes(12).toString('hex')}`
const apiToken = `mfc_${randomBytes(24).toString('hex')}`
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-log-secrets-'))
let child: ChildProcess
let consoleOutput = ''
let station: { url: string; certificatePem: string }

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [cli, 'serve', '--ready-json', '--port', '0', '--data-dir', dataDir, '--log-level', 'debug', '--secrets', 'file'],
    {
      env: { ...process.env, MFC_ADMIN_PASSWORD: adminPassword, MFC_API_TOKEN: apiToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stderr!.on('data', (chunk: Buffer) => (consoleOutput += chunk.toString()))
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
  const ready = JSON.parse(line) as { url: string }
  station = { url: ready.url, certificatePem: readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8') }
})

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('logs never contain secrets', () => {
  it('keeps passwords, tokens, session cookies and CSRF tokens out of the log file and the console', async () => {
    const json = { 'content-type': 'application/json' }
    const login = await httpsRequest(station, '/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    })
    expect(login.status).toBe(200)
    const { csrfToken } = JSON.parse(login.body) as { csrfToken: string }
    const cookie = String(login.headers['set-cookie']).split(';')[0]!
    const wrong = await httpsRequest(station, '/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: `${adminPassword}-typo` }),
    })
    expect(wrong.status).toBe(401)
    const created = await httpsRequest(station, '/api/v1/tokens', {
      method: 'POST',
      headers: { ...json, cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'logger', role: 'viewer' }),
    })
    expect(created.status).toBe(201)
    const { token } = JSON.parse(created.body) as { token: string }
    expect(
      (await httpsRequest(station, '/api/v1/simulation', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200)
    expect(
      (await httpsRequest(station, '/api/v1/simulation', { headers: { authorization: `Bearer ${apiToken}` } })).status,
    ).toBe(200)

    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited

    const logFiles = readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name))
    const logs = logFiles.map((file) => readFileSync(file, 'utf8')).join('\n')
    expect(logs).toContain('listening on')
    const sessionValue = cookie.slice(cookie.indexOf('=') + 1)
    for (const [name, secret] of Object.entries({ adminPassword, apiToken, token, sessionValue, csrfToken })) {
      expect(logs.includes(secret), `${name} in the log file`).toBe(false)
      expect(consoleOutput.includes(secret), `${name} on the console`).toBe(false)
    }
  })
})
