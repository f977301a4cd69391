import { afterEach, describe, expect, it } from 'vitest'
import { meSchema, sessionStatusSchema, setupStatusSchema } from '../../server/contract/auth.js'
import { httpsRequest, loginAs, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation | undefined
afterEach(async () => {
  await station?.dispose()
  station = undefined
})

describe('the signed-out session probe and the sign-in hints (docs/api.md "Authentication")', () => {
  it('answers 200 signed out or in, with the session re-authentication window', async () => {
    const s = (station = await startTestStation({ security: { reauthMinutes: 7 } }))
    const out = await httpsRequest(s, '/api/v1/auth/session', { anonymous: true })
    expect([out.status, JSON.parse(out.body)]).toEqual([200, { signedIn: false }])
    const admin = await loginAs(s)
    const probe = sessionStatusSchema.parse(
      JSON.parse((await httpsRequest(s, '/api/v1/auth/session', { headers: admin.headers })).body),
    )
    if (!probe.signedIn) throw new Error('the signed-in probe says signed out')
    expect(probe.me).toMatchObject({ kind: 'session', name: 'admin', local: false })
    const { reauthenticatedAt, reauthExpiresAt } = probe.me
    expect(Date.parse(reauthExpiresAt!) - Date.parse(reauthenticatedAt!)).toBe(7 * 60_000)
    const me = meSchema.parse(JSON.parse((await httpsRequest(s, '/api/v1/auth/me', { headers: admin.headers })).body))
    expect(me.reauthExpiresAt).toBe(reauthExpiresAt)
  })

  it('names the first admin on the public setup status of a station bound to loopback only', async () => {
    const local = (station = await startTestStation())
    const status = (s: TestStation) =>
      httpsRequest(s, '/api/v1/auth/setup', { anonymous: true }).then((r) =>
        setupStatusSchema.parse(JSON.parse(r.body)),
      )
    expect(await status(local)).toEqual({ needed: false, firstUser: 'admin' })
    await local.dispose()
    const exposed = (station = await startTestStation({ host: '0.0.0.0' }))
    expect(await status(exposed)).toEqual({ needed: false })
  })
})
