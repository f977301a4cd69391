import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { TokenScope } from '../../server/contract/access.js'
import { STREAM_PATH } from '../../server/contract/stream.js'
import { createManualClock, type ManualClock } from '../../server/testing/manual-clock.js'
import { httpsRequest, loginAs, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// The stream's own upgrade checks (the HTTP chain does not run for upgrades): Host, credentials, Origin, revocation.
let station: TestStation | undefined
let clock: ManualClock = createManualClock()
afterEach(async () => {
  await station?.dispose()
  station = undefined
})
async function start(): Promise<TestStation> {
  clock = createManualClock(Date.now())
  station = await startTestStation({}, undefined, { security: { clock } })
  return station
}

/** Opens the stream and resolves with what happened first: a message, or the close code. */
function streamOutcome(
  s: TestStation,
  headers: Record<string, string>,
): Promise<{ first: string; ws: WebSocket } | { closed: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.url.replace('https', 'wss')}${STREAM_PATH}`, { ca: s.certificatePem, headers })
    ws.once('message', (data) => resolve({ first: String(data), ws }))
    ws.once('close', (code) => resolve({ closed: code }))
    ws.once('unexpected-response', (_req, res) => resolve({ closed: res.statusCode ?? 0 }))
    ws.once('error', reject)
  })
}

/** An open stream and a promise of its close code; fails the test when the stream does not open. */
async function openStream(s: TestStation, headers: Record<string, string>) {
  const opened = await streamOutcome(s, headers)
  if (!('ws' in opened)) throw new Error(`stream did not open: ${JSON.stringify(opened)}`)
  return { ws: opened.ws, closed: new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code))) }
}

/** The admin creates an API token with these scopes. */
async function createToken(s: TestStation, name: string, scopes: TokenScope[]) {
  const created = await httpsRequest(s, '/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes }),
  })
  expect(created.status).toBe(201)
  return JSON.parse(created.body) as { id: string; token: string }
}

describe('stream authentication', () => {
  it('refuses a stream upgrade for a foreign Host before the handshake', async () => {
    const s = await start()
    expect(await streamOutcome(s, { host: 'evil.example', authorization: `Bearer ${s.adminToken}` })).toEqual({
      closed: 421,
    })
  })

  it('closes unauthenticated and cookie-without-Origin streams with 1008 before any data', async () => {
    const s = await start()
    expect(await streamOutcome(s, {})).toEqual({ closed: 1008 })
    expect(await streamOutcome(s, { authorization: 'Bearer mfc_not-a-real-token-at-all' })).toEqual({ closed: 1008 })
    const { cookie } = await loginAs(s)
    expect(await streamOutcome(s, { cookie })).toEqual({ closed: 1008 })
    const withOrigin = await streamOutcome(s, { cookie, origin: s.url })
    expect('first' in withOrigin && JSON.parse(withOrigin.first).type).toBe('hello')
    if ('ws' in withOrigin) withOrigin.ws.close()
  })

  it('closes an open stream with 1008 when its token is revoked', async () => {
    const s = await start()
    const created = await createToken(s, 'probe', ['telemetry:read'])
    const stream = await openStream(s, { authorization: `Bearer ${created.token}` })
    expect((await httpsRequest(s, `/api/v1/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(204)
    expect(await stream.closed).toBe(1008)
    expect(
      (await httpsRequest(s, '/api/v1/simulation', { headers: { authorization: `Bearer ${created.token}` } })).status,
    ).toBe(401)
  })

  it('closes a cookie session stream with 1008 once the session sweep finds it idle', async () => {
    const s = await start()
    const { cookie } = await loginAs(s)
    const stream = await openStream(s, { cookie, origin: s.url })
    // Listing sessions (with the admin token) does not touch them.
    const liveSessions = async () => JSON.parse((await httpsRequest(s, '/api/v1/security/sessions')).body) as unknown
    const before = await liveSessions()
    // 29 idle minutes: the sweep runs every minute and leaves the sessions alone.
    clock.advance(29 * 60_000)
    expect(await liveSessions()).toEqual(before)
    clock.advance(2 * 60_000)
    expect(await stream.closed).toBe(1008)
  })

  it('refuses a metrics-only token on the stream', async () => {
    const s = await start()
    const created = await createToken(s, 'prom', ['metrics:read'])
    expect(await streamOutcome(s, { authorization: `Bearer ${created.token}` })).toEqual({ closed: 1008 })
  })
})
