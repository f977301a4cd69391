import { describe, expect, it } from 'vitest'
import type { Me } from '../../../server/contract/auth'
import { ApiError } from '../api/http-client'
import { createAuthStore, needsPasswordFirst, selectCan } from './auth'

const viewer: Me = {
  kind: 'session',
  name: 'vera',
  role: 'viewer',
  permissions: ['telemetry:read', 'simulation:read', 'tls:read'],
  local: false,
}

describe('auth store', () => {
  it('fails closed until it knows who is there', () => {
    expect(selectCan('simulation:control')({ status: 'unknown', me: undefined })).toBe(false)
  })

  it('allows everything on a station without the access API (it answers 404)', async () => {
    const store = createAuthStore({
      session: async () => undefined,
      login: async () => Promise.reject(new Error('unused')),
      logout: async () => undefined,
      setupStatus: async () => ({ needed: false }),
      setup: async () => Promise.reject(new Error('unused')),
    })
    await store.getState().load()
    expect(store.getState().status).toBe('open')
    expect(selectCan('simulation:control')(store.getState())).toBe(true)
  })

  it("answers from the signed-in user's permissions", async () => {
    const store = createAuthStore({
      session: async () => ({ signedIn: true, me: viewer }),
      login: async () => Promise.reject(new Error('unused')),
      logout: async () => undefined,
      setupStatus: async () => ({ needed: false }),
      setup: async () => Promise.reject(new Error('unused')),
    })
    await store.getState().load()
    expect(selectCan('simulation:read')(store.getState())).toBe(true)
    expect(selectCan('simulation:control')(store.getState())).toBe(false)
  })

  it('offers first-run setup when signed out on a station without an admin', async () => {
    let signedIn = false
    const admin: Me = { ...viewer, name: 'ada', role: 'admin', permissions: ['simulation:control'] }
    const store = createAuthStore({
      session: async () => (signedIn ? { signedIn: true, me: admin } : { signedIn: false }),
      login: async () => Promise.reject(new Error('unused')),
      logout: async () => undefined,
      setupStatus: async () => ({ needed: !signedIn }),
      setup: async (code) => {
        if (code !== 'right-code') throw new ApiError(400, 'bad_request', 'wrong or expired setup code')
        signedIn = true
        return { user: { id: '1', username: 'ada', role: 'admin', disabled: false, createdAt: '' }, csrfToken: 'c' }
      },
    })
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'signed-out', setupNeeded: true })
    expect(await store.getState().setup('nope', 'ada', 'a long password')).toBe('wrong or expired setup code')
    expect(await store.getState().setup('right-code', 'ada', 'a long password')).toBeUndefined()
    expect(store.getState()).toMatchObject({ status: 'signed-in', me: { name: 'ada' } })
  })

  it('is signed out from the session probe (with the first user it names) and keeps other failures as an error', async () => {
    const out = createAuthStore({
      session: async () => ({ signedIn: false }),
      login: async () => Promise.reject(new ApiError(401, 'unauthorized', 'wrong username or password')),
      logout: async () => undefined,
      setupStatus: async () => ({ needed: false, firstUser: 'ada' }),
      setup: async () => Promise.reject(new Error('unused')),
    })
    await out.getState().load()
    expect(out.getState()).toMatchObject({ status: 'signed-out', firstUser: 'ada' })
    expect(await out.getState().login('admin', 'nope')).toBe('wrong username or password')
    const down = createAuthStore({
      session: () => Promise.reject(new ApiError(0, 'network', 'station unreachable')),
      login: async () => Promise.reject(new Error('unused')),
      logout: async () => undefined,
      setupStatus: async () => ({ needed: false }),
      setup: async () => Promise.reject(new Error('unused')),
    })
    await down.getState().load()
    expect(down.getState()).toMatchObject({ status: 'unknown', error: 'station unreachable' })
  })
})

describe('re-authentication before hazardous requests', () => {
  it('wants the password first only from remote cookie sessions whose last entry is older than the window', () => {
    const at = Date.parse('2026-11-22T10:00:00Z')
    const session: Me = { ...viewer, reauthenticatedAt: new Date(at).toISOString() }
    expect(needsPasswordFirst(session, at + 30_000, 60_000)).toBe(false)
    expect(needsPasswordFirst(session, at + 61_000, 60_000)).toBe(true)
    expect(needsPasswordFirst({ ...viewer }, at, 60_000)).toBe(true)
    expect(needsPasswordFirst({ ...session, local: true }, at + 1e9, 60_000)).toBe(false)
    expect(needsPasswordFirst({ ...session, kind: 'token' }, at + 1e9, 60_000)).toBe(false)
    expect(needsPasswordFirst(undefined, at, 60_000)).toBe(false)
  })

  it("follows the station's reported window over the assumed one", () => {
    const at = Date.parse('2026-11-22T10:00:00Z')
    const session: Me = {
      ...viewer,
      reauthenticatedAt: new Date(at).toISOString(),
      reauthExpiresAt: new Date(at + 300_000).toISOString(),
    }
    expect(needsPasswordFirst(session, at + 200_000, 60_000)).toBe(false)
    expect(needsPasswordFirst(session, at + 300_000, 60_000)).toBe(true)
  })
})
