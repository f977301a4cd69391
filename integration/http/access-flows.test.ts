import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Role } from '../../server/contract/access.js'
import { meSchema } from '../../server/contract/auth.js'
import { auditEntrySchema, securityStatusSchema } from '../../server/contract/security.js'
import type { ConfigLayer } from '../../server/config/schema.js'
import { createManualClock, type ManualClock } from '../../server/testing/manual-clock.js'
import { httpsRequest, loginAs, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation | undefined
// The access layer's clock, moved by the tests: re-authentication windows and idle timeouts without sleeping.
let clock: ManualClock = createManualClock()
afterEach(async () => {
  await station?.dispose()
  station = undefined
  // The auth module's session sweep is the one timer on this clock; a closed station leaves none behind.
  expect(clock.pending()).toBe(0)
})
async function start(flags: ConfigLayer = {}): Promise<TestStation> {
  clock = createManualClock(Date.now())
  station = await startTestStation(flags, undefined, { security: { clock } })
  return station
}
const json = { 'content-type': 'application/json' }
type Session = Awaited<ReturnType<typeof loginAs>>
const post = (s: TestStation, path: string, body: unknown, headers: Record<string, string> = {}) =>
  httpsRequest(s, path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) })
const asSession = (session: Session) => session.headers
/** The status of one request (as the admin token unless told otherwise). */
const statusOf = async (s: TestStation, path: string, init?: Parameters<typeof httpsRequest>[2]) =>
  (await httpsRequest(s, path, init)).status
/** The status of a POST without a body, as `session`. */
const postAs = (s: TestStation, path: string, session: Session) =>
  statusOf(s, path, { method: 'POST', headers: asSession(session) })
/** The admin creates a user, which must succeed. */
async function addUser(s: TestStation, admin: Session, username: string, password: string, role: Role) {
  expect((await post(s, '/api/v1/users', { username, password, role }, asSession(admin))).status).toBe(201)
}
/** The admin changes a user's role; returns the status. */
const setRole = (s: TestStation, admin: Session, id: string, role: Role) =>
  statusOf(s, `/api/v1/users/${id}`, {
    method: 'PATCH',
    headers: { ...json, ...asSession(admin) },
    body: JSON.stringify({ role }),
  })

describe('the done-means walk-through', () => {
  it('admin creates an operator and a viewer; each sees only what its role allows', async () => {
    const s = await start()
    const admin = await loginAs(s)
    await addUser(s, admin, 'olga', 'operator password', 'operator')
    await addUser(s, admin, 'vic', 'viewer password!', 'viewer')

    const viewer = await loginAs(s, 'vic', 'viewer password!')
    const me = meSchema.parse(
      JSON.parse((await httpsRequest(s, '/api/v1/auth/me', { headers: asSession(viewer) })).body),
    )
    expect(me).toMatchObject({ kind: 'session', name: 'vic', role: 'viewer', local: false })
    expect(me.permissions).not.toContain('simulation:control')
    expect(await statusOf(s, '/api/v1/simulation', { headers: asSession(viewer) })).toBe(200)
    expect(await postAs(s, '/api/v1/simulation/stop', viewer)).toBe(403)
    expect(await statusOf(s, '/api/v1/users', { headers: asSession(viewer) })).toBe(403)
    expect(await statusOf(s, '/api/v1/security/audit', { headers: asSession(viewer) })).toBe(403)

    const operator = await loginAs(s, 'olga', 'operator password')
    expect(await postAs(s, '/api/v1/simulation/pause', operator)).toBe(200)
    expect(await statusOf(s, '/api/v1/tokens', { headers: asSession(operator) })).toBe(403)
  })

  it('an instrument gets a token through an approved access request, exactly once', async () => {
    const s = await start()
    const asked = await httpsRequest(s, '/api/v1/access-requests', {
      method: 'POST',
      anonymous: true,
      headers: json,
      body: JSON.stringify({ name: 'bench scale 3' }),
    })
    expect(asked.status).toBe(202)
    const { id, pollUrl } = JSON.parse(asked.body) as { id: string; pollUrl: string }
    expect(pollUrl).toBe(`/api/v1/access-requests/${id}`)
    expect(JSON.parse((await httpsRequest(s, pollUrl, { anonymous: true })).body)).toEqual({ status: 'pending' })

    const admin = await loginAs(s)
    await addUser(s, admin, 'olga', 'operator password', 'operator')
    const operator = await loginAs(s, 'olga', 'operator password')
    const pending = JSON.parse(
      (await httpsRequest(s, '/api/v1/access-requests', { headers: asSession(operator) })).body,
    ) as Array<{ id: string; name: string }>
    expect(pending).toEqual([expect.objectContaining({ id, name: 'bench scale 3' })])
    // An operator cannot hand out admin.
    expect(
      (await post(s, `/api/v1/access-requests/${id}/approve`, { role: 'admin' }, asSession(operator))).status,
    ).toBe(403)
    expect(
      (await post(s, `/api/v1/access-requests/${id}/approve`, { role: 'operator' }, asSession(operator))).status,
    ).toBe(204)

    const collected = JSON.parse((await httpsRequest(s, pollUrl, { anonymous: true })).body) as {
      status: string
      token: string
    }
    expect(collected.status).toBe('approved')
    expect(collected.token).toMatch(/^mfc_/)
    expect((await httpsRequest(s, pollUrl, { anonymous: true })).status).toBe(404)
    const instrument = { authorization: `Bearer ${collected.token}` }
    expect((await httpsRequest(s, '/api/v1/simulation', { headers: instrument })).status).toBe(200)
    expect((await httpsRequest(s, '/api/v1/users', { headers: instrument })).status).toBe(403)

    const denied = JSON.parse(
      (
        await httpsRequest(s, '/api/v1/access-requests', {
          method: 'POST',
          anonymous: true,
          headers: json,
          body: JSON.stringify({ name: 'intruder' }),
        })
      ).body,
    ) as { id: string; pollUrl: string }
    expect((await httpsRequest(s, `/api/v1/access-requests/${denied.id}/deny`, { method: 'POST' })).status).toBe(204)
    expect(JSON.parse((await httpsRequest(s, denied.pollUrl, { anonymous: true })).body)).toEqual({ status: 'denied' })
  })
})

describe('control safety', () => {
  it('gives control to one client at a time; others see the holder and may request it; an admin breaks it', async () => {
    const s = await start()
    const admin = await loginAs(s)
    await addUser(s, admin, 'olga', 'operator password', 'operator')
    await addUser(s, admin, 'otto', 'operator password', 'operator')
    const olga = await loginAs(s, 'olga', 'operator password')
    const otto = await loginAs(s, 'otto', 'operator password')
    expect(await postAs(s, '/api/v1/control/acquire', olga)).toBe(200)
    const blocked = await httpsRequest(s, '/api/v1/simulation/pause', { method: 'POST', headers: asSession(otto) })
    expect(blocked.status).toBe(409)
    expect(JSON.parse(blocked.body).error.details).toEqual({ holder: 'olga' })
    expect(await postAs(s, '/api/v1/control/request', otto)).toBe(200)
    const state = JSON.parse((await httpsRequest(s, '/api/v1/control', { headers: asSession(olga) })).body)
    expect(state).toMatchObject({ holder: { name: 'olga', kind: 'session' }, mine: true, requests: [{ name: 'otto' }] })
    // Reads never need the lock.
    expect(await statusOf(s, '/api/v1/simulation', { headers: asSession(otto) })).toBe(200)
    expect(await postAs(s, '/api/v1/control/break', otto)).toBe(403)
    expect((await httpsRequest(s, '/api/v1/control/break', { method: 'POST' })).status).toBe(200)
    expect(await postAs(s, '/api/v1/simulation/pause', otto)).toBe(200)
    // Logging out releases the hold.
    await httpsRequest(s, '/api/v1/auth/logout', { method: 'POST', headers: asSession(otto) })
    expect(JSON.parse((await httpsRequest(s, '/api/v1/control')).body).holder).toBeUndefined()
  })

  it('asks cookie sessions for their password again after 5 minutes before hazardous actions', async () => {
    const s = await start()
    const admin = await loginAs(s)
    clock.advance(6 * 60_000)
    const stale = await post(s, '/api/v1/tokens', { name: 'late', role: 'viewer' }, asSession(admin))
    expect(stale.status).toBe(403)
    expect(JSON.parse(stale.body).error.details).toEqual({ reauthRequired: true })
    expect((await post(s, '/api/v1/auth/reauth', { password: 'wrong' }, asSession(admin))).status).toBe(401)
    expect((await post(s, '/api/v1/auth/reauth', { password: 'test admin password 1' }, asSession(admin))).status).toBe(
      204,
    )
    expect((await post(s, '/api/v1/tokens', { name: 'late', role: 'viewer' }, asSession(admin))).status).toBe(201)
    // The session itself died of idleness after 30 minutes without requests.
    clock.advance(31 * 60_000)
    expect(await statusOf(s, '/api/v1/auth/me', { headers: asSession(admin) })).toBe(401)
  })

  it('ends every other session when a password changes, and after a role change', async () => {
    const s = await start()
    const admin = await loginAs(s)
    await addUser(s, admin, 'olga', 'operator password', 'operator')
    const first = await loginAs(s, 'olga', 'operator password')
    const second = await loginAs(s, 'olga', 'operator password')
    expect(
      (
        await post(
          s,
          '/api/v1/auth/password',
          { currentPassword: 'operator password', newPassword: 'a new operator password' },
          asSession(first),
        )
      ).status,
    ).toBe(204)
    expect(await statusOf(s, '/api/v1/auth/me', { headers: asSession(second) })).toBe(401)
    expect(await statusOf(s, '/api/v1/auth/me', { headers: asSession(first) })).toBe(200)

    const users = JSON.parse((await httpsRequest(s, '/api/v1/users')).body) as Array<{ id: string; username: string }>
    const olga = users.find((user) => user.username === 'olga')!
    expect(await setRole(s, admin, olga.id, 'viewer')).toBe(200)
    expect(await statusOf(s, '/api/v1/auth/me', { headers: asSession(first) })).toBe(401)
    // The last admin cannot be demoted.
    const self = users.find((user) => user.username === 'admin')!
    expect(await setRole(s, admin, self.id, 'viewer')).toBe(409)
  })
})

describe('first start', () => {
  it('prints a one-time setup code when no admin password is given, and /setup consumes it once', async () => {
    const s = await start({ security: { adminPassword: undefined } })
    expect(s.adminToken).toBe('')
    const line = s.printed.find((printed) => printed.includes('setup code'))!
    const code = /setup code: (\S+)/.exec(line)![1]!
    expect(JSON.parse((await httpsRequest(s, '/api/v1/auth/setup', { anonymous: true })).body)).toEqual({
      needed: true,
    })
    const setup = (value: string) =>
      httpsRequest(s, '/api/v1/auth/setup', {
        method: 'POST',
        anonymous: true,
        headers: json,
        body: JSON.stringify({ code: value, username: 'owner', password: 'owner password!' }),
      })
    expect((await setup('wrong-code')).status).toBe(401)
    expect((await setup(code)).status).toBe(201)
    expect((await setup(code)).status).toBe(401)
    expect((await loginAs(s, 'owner', 'owner password!')).csrfToken).toBeTruthy()
  })

  it('registers MFC_API_TOKEN with the operator role, signs the desktop window in locally, and reports the secrets fallback', async () => {
    const s = await start({ security: { apiToken: 'reference-token-0123456789' } })
    const reference = { authorization: 'Bearer reference-token-0123456789' }
    expect((await httpsRequest(s, '/api/v1/simulation/pause', { method: 'POST', headers: reference })).status).toBe(200)
    expect((await httpsRequest(s, '/api/v1/users', { headers: reference })).status).toBe(403)

    const local = s.localSession()
    const me = meSchema.parse(
      JSON.parse(
        (await httpsRequest(s, '/api/v1/auth/me', { headers: { cookie: `${local.name}=${local.value}` } })).body,
      ),
    )
    expect(me).toMatchObject({ local: true, role: 'admin' })
    // The desktop's local session is never asked for a password: no window to report.
    expect(me.reauthExpiresAt).toBeUndefined()

    const status = securityStatusSchema.parse(JSON.parse((await httpsRequest(s, '/api/v1/security/status')).body))
    expect(status.secretsBackend).toBe('file')
    expect(status.secretsWarning).toMatch(/no OS keychain reachable/)
    expect(s.printed.join('\n')).toMatch(/SECURITY WARNING/)
    expect(JSON.parse((await httpsRequest(s, '/api/v1/health')).body).secrets.backend).toBe('file')
    expect(JSON.parse((await httpsRequest(s, '/api/v1/health', { anonymous: true })).body).secrets).toBeUndefined()
  })
})

describe('the audit log', () => {
  it('audits security actions without secrets, exports NDJSON and verifies the hash chain', async () => {
    const s = await start()
    const created = JSON.parse((await post(s, '/api/v1/tokens', { name: 'logger', role: 'viewer' })).body) as {
      id: string
      token: string
    }
    await httpsRequest(s, `/api/v1/tokens/${created.id}`, { method: 'DELETE' })
    await httpsRequest(s, '/api/v1/auth/login', {
      method: 'POST',
      anonymous: true,
      headers: json,
      body: JSON.stringify({ username: 'admin', password: 'a wrong password' }),
    })
    await httpsRequest(s, '/api/v1/simulation/pause', { method: 'POST' })

    const exported = await httpsRequest(s, '/api/v1/security/audit/export')
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/)
    const entries = exported.body
      .trim()
      .split('\n')
      .map((line) => auditEntrySchema.parse(JSON.parse(line)))
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'user.bootstrap-admin',
        'login',
        'token.create',
        'token.revoke',
        'login.failure',
        'run.pause',
      ]),
    )
    for (const secret of [created.token, 'a wrong password', 'test admin password 1', s.adminToken])
      expect(exported.body).not.toContain(secret)
    expect(JSON.parse((await httpsRequest(s, '/api/v1/security/audit/verify')).body)).toMatchObject({
      ok: true,
      entries: entries.length,
      anchor: { seq: expect.any(Number) },
    })
    expect(readFileSync(join(s.dataDir, 'secrets.json'), 'utf8')).toContain('token-pepper')
  })
})

describe('hazardous simulation commands', () => {
  it('need a recent password entry for cookie sessions (tokens need the hazardous flag: rbac-matrix)', async () => {
    const s = await start()
    const admin = await loginAs(s)
    clock.advance(6 * 60_000)
    for (const path of ['/api/v1/simulation/stop', '/api/v1/simulation/reset']) {
      const res = await httpsRequest(s, path, { method: 'POST', headers: asSession(admin) })
      expect([path, res.status]).toEqual([path, 403])
    }
    expect(await postAs(s, '/api/v1/simulation/pause', admin)).toBe(200)
    expect((await post(s, '/api/v1/auth/reauth', { password: 'test admin password 1' }, asSession(admin))).status).toBe(
      204,
    )
    expect(await postAs(s, '/api/v1/simulation/stop', admin)).toBe(200)
  })
})
