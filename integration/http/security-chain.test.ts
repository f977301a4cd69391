import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'node:https'
import { errorBodySchema } from '../../server/contract/errors.js'
import type { ConfigLayer } from '../../server/config/schema.js'
import { httpsRequest, loginAs, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation | undefined
afterEach(async () => {
  await station?.dispose()
  station = undefined
})
async function start(flags: ConfigLayer = {}): Promise<TestStation> {
  station = await startTestStation(flags)
  return station
}
const errorCode = (body: string) => errorBodySchema.parse(JSON.parse(body)).error.code
const json = { 'content-type': 'application/json' }

/** A request with a forged Host header; TLS still verifies the station's certificate, under its name "localhost". */
function withHost(s: TestStation, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/api/v1/health', s.url),
      { ca: s.certificatePem, servername: 'localhost', checkServerIdentity: () => undefined, headers: { host } },
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

describe('Host allow-list (DNS rebinding)', () => {
  it.each([
    ['evil.example', 421],
    ['evil.example:8443', 421],
    ['127.0.0.1.evil.example', 421],
    ['localhost@evil.example', 421],
    ['[::1', 421],
    ['localhost', 200],
    ['LOCALHOST.', 200],
    ['127.0.0.1:1', 200],
    ['[::1]:8443', 200],
  ])('Host: %s -> %i', async (host, status) => {
    const s = station ?? (await start())
    const res = await withHost(s, host)
    expect(res.status).toBe(status)
    if (status === 421) expect(errorCode(res.body)).toBe('misdirected_request')
  })
})

describe('bodies: size, type, JSON, validation', () => {
  it('answers 413 / 415 / 400 in the one error shape and never 5xx', async () => {
    const s = await start()
    const big = await httpsRequest(s, '/api/v1/tokens', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    })
    expect([big.status, errorCode(big.body)]).toEqual([413, 'payload_too_large'])
    const text = await httpsRequest(s, '/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=x',
    })
    expect([text.status, errorCode(text.body)]).toEqual([415, 'unsupported_media_type'])
    const form = await httpsRequest(s, '/api/v1/auth/login', {
      method: 'POST',
      anonymous: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=admin',
    })
    expect(form.status).toBe(415)
    const broken = await httpsRequest(s, '/api/v1/tokens', { method: 'POST', headers: json, body: '{"name":' })
    expect([broken.status, errorCode(broken.body)]).toEqual([400, 'bad_request'])
    const invalid = await httpsRequest(s, '/api/v1/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'eve', password: 'long enough password', role: 'god' }),
    })
    expect(invalid.status).toBe(400)
    expect(JSON.parse(invalid.body).error.message).toMatch(/^body\.role: /)
    const extra = await httpsRequest(s, '/api/v1/auth/login', {
      method: 'POST',
      anonymous: true,
      headers: json,
      body: JSON.stringify({ username: 'a', password: 'b', admin: true }),
    })
    expect(extra.status).toBe(400)
  })
})

describe('sessions and CSRF', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure and SameSite=Strict', async () => {
    const s = await start()
    const res = await httpsRequest(s, '/api/v1/auth/login', {
      method: 'POST',
      anonymous: true,
      headers: json,
      body: JSON.stringify({ username: 'admin', password: 'test admin password 1' }),
    })
    const cookie = [res.headers['set-cookie']].flat()[0] ?? ''
    expect(cookie).toMatch(/^__Host-mfc_session=[\w-]+\.[\w-]+;/)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; SameSite=Strict/)
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).not.toMatch(/Domain=/)
  })

  it('refuses cookie-session writes without or with a wrong X-CSRF-Token, accepts the right one', async () => {
    const s = await start()
    const { cookie, csrfToken } = await loginAs(s)
    const body = JSON.stringify({ username: 'op1', password: 'operator password', role: 'operator' })
    const missing = await httpsRequest(s, '/api/v1/users', { method: 'POST', headers: { ...json, cookie }, body })
    expect([missing.status, errorCode(missing.body)]).toEqual([403, 'forbidden'])
    const wrong = await httpsRequest(s, '/api/v1/users', {
      method: 'POST',
      headers: { ...json, cookie, 'x-csrf-token': csrfToken.slice(1) + 'A' },
      body,
    })
    expect(wrong.status).toBe(403)
    const other = await loginAs(s)
    const crossed = await httpsRequest(s, '/api/v1/users', {
      method: 'POST',
      headers: { ...json, cookie, 'x-csrf-token': other.csrfToken },
      body,
    })
    expect(crossed.status).toBe(403)
    expect((await httpsRequest(s, '/api/v1/users', { headers: { cookie } })).status).toBe(200)
    const right = await httpsRequest(s, '/api/v1/users', {
      method: 'POST',
      headers: { ...json, cookie, 'x-csrf-token': csrfToken },
      body,
    })
    expect(right.status).toBe(201)
  })

  it('revokes the session on logout', async () => {
    const s = await start()
    const { headers } = await loginAs(s)
    expect((await httpsRequest(s, '/api/v1/auth/me', { headers })).status).toBe(200)
    expect((await httpsRequest(s, '/api/v1/auth/logout', { method: 'POST', headers })).status).toBe(204)
    expect((await httpsRequest(s, '/api/v1/auth/me', { headers })).status).toBe(401)
  })
})

describe('brute force: lockout and recovery', () => {
  it('locks after N failures with 429 + Retry-After, shows it to admins, and lifts it', async () => {
    const s = await start({ security: { neverBan: [], lockout: { accountMaxFailures: 3, baseLockSeconds: 120 } } })
    const attempt = (password: string) =>
      httpsRequest(s, '/api/v1/auth/login', {
        method: 'POST',
        anonymous: true,
        headers: json,
        body: JSON.stringify({ username: 'admin', password }),
      })
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password')).status).toBe(401)
    const locked = await attempt('test admin password 1')
    expect([locked.status, errorCode(locked.body)]).toEqual([429, 'rate_limited'])
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(100)

    const lockouts = JSON.parse((await httpsRequest(s, '/api/v1/security/lockouts')).body) as Array<{
      kind: string
      key: string
      lockedUntil?: string
    }>
    expect(lockouts).toContainEqual(
      expect.objectContaining({ kind: 'account', key: 'admin', lockedUntil: expect.any(String) }),
    )
    expect((await httpsRequest(s, '/api/v1/security/lockouts/account/admin', { method: 'DELETE' })).status).toBe(204)
    expect((await httpsRequest(s, '/api/v1/security/lockouts/ip/127.0.0.1', { method: 'DELETE' })).status).toBe(204)
    expect((await attempt('test admin password 1')).status).toBe(200)

    const audit = JSON.parse((await httpsRequest(s, '/api/v1/security/audit?limit=50')).body) as Array<{
      action: string
    }>
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['login.failure', 'lockout', 'login.locked', 'lockout.lift', 'login']),
    )
  })

  it('locks an account guessed from loopback on its own counter, never the loopback address itself', async () => {
    const s = await start({ security: { lockout: { accountMaxFailures: 2 } } })
    const created = await httpsRequest(s, '/api/v1/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'olga', password: 'operator password', role: 'operator' }),
    })
    expect(created.status).toBe(201)
    const attempt = (password: string) =>
      httpsRequest(s, '/api/v1/auth/login', {
        method: 'POST',
        anonymous: true,
        headers: json,
        body: JSON.stringify({ username: 'admin', password }),
      })
    for (let i = 0; i < 4; i++) await attempt('nope')
    expect((await attempt('test admin password 1')).status).toBe(429)
    const lockouts = JSON.parse((await httpsRequest(s, '/api/v1/security/lockouts')).body) as Array<{ kind: string }>
    expect(lockouts.map((entry) => entry.kind)).toEqual(['local-account'])
    expect((await loginAs(s, 'olga', 'operator password')).csrfToken).toBeTruthy()
  })
})

describe('rate limits and IP rules', () => {
  it('answers 429 with Retry-After beyond the anonymous limit', async () => {
    const s = await start({ security: { rateLimit: { anonymous: 5 } } })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await httpsRequest(s, '/api/v1/health', { anonymous: true })).status)
    // The fixture's own sign-in was the first anonymous request of this window.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429])
    const limited = await httpsRequest(s, '/api/v1/health', { anonymous: true })
    expect(errorCode(limited.body)).toBe('rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await httpsRequest(s, '/api/v1/health')).status).toBe(200)
  })

  it('applies deny rules to the client address, from X-Forwarded-For only through a trusted proxy', async () => {
    const s = await start({ security: { neverBan: [], trustProxy: ['127.0.0.1'] } })
    const rule = await httpsRequest(s, '/api/v1/security/ip-rules', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'deny', cidr: '203.0.113.0/24', note: 'test' }),
    })
    expect(rule.status).toBe(201)
    expect((await httpsRequest(s, '/api/v1/health', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(
      403,
    )
    expect(
      (await httpsRequest(s, '/api/v1/health', { headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } })).status,
    ).toBe(200)
    expect((await httpsRequest(s, '/api/v1/health', { headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(
      200,
    )
    const bad = await httpsRequest(s, '/api/v1/security/ip-rules', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'deny', cidr: '300.1.1.1/8' }),
    })
    expect(bad.status).toBe(400)
  })

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const s = await start({ security: { neverBan: [] } })
    await httpsRequest(s, '/api/v1/security/ip-rules', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'deny', cidr: '203.0.113.0/24' }),
    })
    expect((await httpsRequest(s, '/api/v1/health', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(
      200,
    )
  })
})

describe('transport', () => {
  it('answers a request without a Host header with 421, not 5xx', async () => {
    const s = await start()
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/v1/health', s.url), { ca: s.certificatePem, setHost: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect([400, 421]).toContain(status)
  })
})
