import { afterEach, describe, expect, it, vi } from 'vitest'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import { connect } from 'node:net'
import { Router } from 'express'
import { createControlLock } from '../auth/control-lock.js'
import { createAccessGuard } from '../auth/guard.js'
import { systemClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createHttpApp, type HttpAccess } from './app.js'
import { callerOf, type Caller } from './caller.js'

let server: Server | undefined
const storage = { refusing: undefined as string | undefined, failures: [] as string[] }
afterEach(() => {
  storage.refusing = undefined
  storage.failures = []
})
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

const operator: Caller = {
  kind: 'token',
  key: 'token:1',
  name: 'token probe',
  permissions: new Set(['simulation:read']),
}
const browser: Caller = { kind: 'session', key: 'session:1', name: 'ann', permissions: new Set(['simulation:read']) }

/** Transport alone: fake access ports, one API mount and one root mount that echo the caller. */
async function serve(
  audited: string[],
  permits: (ip: string) => boolean = () => true,
  record: (entry: { actor: string; action: string }) => void = (entry) =>
    audited.push(`${entry.actor} ${entry.action}`),
) {
  const access: HttpAccess = {
    allowedHosts: new Set(['127.0.0.1']),
    trustedProxy: () => false,
    ipRules: { permits },
    principals: {
      sessionCookie: 'sid',
      principalFromCookie: (cookie) => (cookie === 'good' ? browser : undefined),
      principalFromToken: (token) => (token === 'good-token' ? operator : undefined),
    },
    csrf: { csrfValid: (_caller, token) => token === 'csrf-ok', exemptPaths: new Set(['/echo/sign-in']) },
    audit: { record },
    guard: createAccessGuard({ controlLock: createControlLock(systemClock), clock: systemClock, reauthMs: 60_000 }),
    status: () => ({ secretsBackend: 'memory' }),
  }
  const echo = Router().all('/{*rest}', (_req, res) => void res.json({ caller: callerOf(res)?.name ?? null }))
  const app = createHttpApp({
    log: silentLogger,
    health: () => ({ status: 'ok', version: 'test', uptimeSeconds: 0 }),
    rendererDir: '/nonexistent',
    access,
    rateLimit: { windowSeconds: 60, anonymous: 100, authenticated: 100, auth: 10, accessRequests: 5 },
    clock: createManualClock(),
    mounts: [
      { path: '/echo', router: echo },
      { path: '/metrics', router: echo, at: 'root' },
    ],
    storage: { refusingWrites: () => storage.refusing, failed: (source) => storage.failures.push(source) },
    maxBodyBytes: 1024,
  })
  server = createServer(app)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return typeof address === 'object' && address ? address.port : 0
}

function send(port: number, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('createHttpApp: the request chain from ports, around the mounts it is given', () => {
  it('runs the same chain for API and root mounts: principal, bad token 401, foreign Host 421', async () => {
    const port = await serve([])
    for (const path of ['/api/v1/echo/x', '/metrics'])
      expect(await send(port, path, { headers: { authorization: 'Bearer good-token' } })).toMatchObject({
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: JSON.stringify({ caller: 'token probe' }),
      })
    expect((await send(port, '/metrics', { headers: { authorization: 'Bearer stale' } })).status).toBe(401)
    expect((await send(port, '/api/v1/echo/x', { headers: { host: 'evil.example' } })).status).toBe(421)
    expect((await send(port, '/api/v1/nothing-here')).status).toBe(404)
  })

  it('asks the CSRF port on cookie writes (except the exempt paths) and audits successful writes', async () => {
    const audited: string[] = []
    const port = await serve(audited)
    const write = (path: string, headers: Record<string, string>) =>
      send(port, path, { method: 'POST', headers: { cookie: 'other=1; sid=good', ...headers } })
    expect((await write('/api/v1/echo/x', {})).status).toBe(403)
    expect((await write('/api/v1/echo/x', { 'x-csrf-token': 'csrf-ok' })).status).toBe(200)
    expect((await write('/api/v1/echo/sign-in', {})).status).toBe(200)
    expect(audited).toEqual(['ann POST /api/v1/echo/x', 'ann POST /api/v1/echo/sign-in'])
  })

  it('refuses an address the IP rules deny with 403, before anything else', async () => {
    const port = await serve([], () => false)
    expect((await send(port, '/metrics', { headers: { authorization: 'Bearer good-token' } })).status).toBe(403)
  })
})

describe('createHttpApp: refusals that protect the station', () => {
  it('refuses cookie writes a browser marks as cross-site, by Sec-Fetch-Site or Origin', async () => {
    const port = await serve([])
    const write = (headers: Record<string, string>) =>
      send(port, '/api/v1/echo/x', {
        method: 'POST',
        headers: { cookie: 'sid=good', 'x-csrf-token': 'csrf-ok', ...headers },
      })
    expect((await write({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await write({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await write({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await write({ origin: `https://127.0.0.1:${port}`, host: `127.0.0.1:${port}` })).status).toBe(200)
    expect((await write({ 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  })

  it('answers anonymous OPTIONS with 401, not the method list', async () => {
    const port = await serve([])
    const anonymous = await send(port, '/api/v1/echo/x', { method: 'OPTIONS' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['allow']).toBeUndefined()
    expect(
      (await send(port, '/api/v1/echo/x', { method: 'OPTIONS', headers: { authorization: 'Bearer good-token' } }))
        .status,
    ).toBe(200)
  })

  it('refuses changes with 503 while the database refuses writes, and keeps serving reads', async () => {
    const port = await serve([])
    storage.refusing = 'writes failing'
    const token = { authorization: 'Bearer good-token' }
    const refused = await send(port, '/api/v1/echo/x', { method: 'POST', headers: token })
    expect(refused.status).toBe(503)
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unavailable' } })
    expect((await send(port, '/api/v1/echo/x', { headers: token })).status).toBe(200)
  })

  it('survives an audit entry the database refuses after the answer, and reports it', async () => {
    const full = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    }
    const port = await serve([], () => true, full)
    expect(
      (await send(port, '/api/v1/echo/x', { method: 'POST', headers: { authorization: 'Bearer good-token' } })).status,
    ).toBe(200)
    await vi.waitFor(() => expect(storage.failures).toEqual(['audit']))
    expect((await send(port, '/api/v1/echo/x', { headers: { authorization: 'Bearer good-token' } })).status).toBe(200)
  })

  it('answers an oversized Content-Length with 413 at once and closes the connection', async () => {
    const port = await serve([])
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.write(
      `POST /api/v1/echo/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{`,
    )
    await new Promise((resolve) => socket.once('close', resolve))
    expect(answer).toMatch(/^HTTP\/1.1 413 /)
    expect(answer).toMatch(/connection: close/i)
  })
})
