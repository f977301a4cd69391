import { afterEach, describe, expect, it } from 'vitest'
import { createServer, request, type Server } from 'node:http'
import { Router } from 'express'
import { createControlLock } from '../auth/control-lock.js'
import { createAccessGuard } from '../auth/guard.js'
import { systemClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createHttpApp, type HttpAccess } from './app.js'
import { callerOf, type Caller } from './caller.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

const operator: Caller = {
  kind: 'token',
  key: 'token:1',
  name: 'token probe',
  permissions: new Set(['simulation:read']),
}
const browser: Caller = { kind: 'session', key: 'session:1', name: 'ann', permissions: new Set(['simulation:read']) }

/** Transport alone: fake access ports, one API mount and one root mount that echo the caller. */
async function serve(audited: string[], permits: (ip: string) => boolean = () => true) {
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
    audit: { record: (entry) => audited.push(`${entry.actor} ${entry.action}`) },
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
  })
  server = createServer(app)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return typeof address === 'object' && address ? address.port : 0
}

function send(port: number, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
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
      expect(await send(port, path, { headers: { authorization: 'Bearer good-token' } })).toEqual({
        status: 200,
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
