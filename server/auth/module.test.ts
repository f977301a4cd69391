import type { RequestHandler } from 'express'
import { describe, expect, it } from 'vitest'
import { securityConfigSchema } from '../config/security-schema.js'
import { silentLogger } from '../logger.js'
import type { StationModule } from '../module.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createAuthModule, type AuthModuleDeps } from './module.js'
import { createPasswordHasher } from './passwords.js'
import { testAuthContext } from './test-db.js'

const pass: RequestHandler = (_req, _res, next) => next()
const cheap = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1, keyLength: 32, saltLength: 16 })

/** A module over an in-memory database, a manual clock and a memory secret store. */
function moduleDeps(security: Record<string, unknown> = {}) {
  const { db, bookkeeping, clock, random } = testAuthContext()
  const printed: string[] = []
  const deps: AuthModuleDeps = {
    config: { host: '127.0.0.1', security: securityConfigSchema.parse(security) },
    db,
    bookkeeping,
    writes: { failed() {} },
    secrets: createMemorySecretStore(),
    log: silentLogger,
    clock,
    random,
    hasher: cheap,
    print: (line) => printed.push(line),
    limits: { signIn: pass, accessRequests: pass },
  }
  return { deps, clock, printed }
}

describe('createAuthModule', () => {
  it('creates the session key and token pepper once, and mounts its six routers under /api/v1', async () => {
    const { deps } = moduleDeps({ adminPassword: 'first admin password' })
    const auth = await createAuthModule(deps)
    expect(auth.firstUser()).toBe('admin')
    const signingKey = await deps.secrets.get('session-signing-key')
    expect(signingKey).toMatch(/^[\w-]{43}$/)
    expect(await deps.secrets.get('token-pepper')).toMatch(/^[\w-]{43}$/)
    // What the composition root lists and closes in reverse (a type error here breaks the contract).
    const asStationModule: StationModule = auth
    expect(asStationModule.name).toBe('auth')
    expect(auth.routes.map((mount) => [mount.path, mount.at ?? 'api'])).toEqual([
      ['/auth', 'api'],
      ['/users', 'api'],
      ['/tokens', 'api'],
      ['/access-requests', 'api'],
      ['/security', 'api'],
      ['/control', 'api'],
    ])
    await auth.close()
    const again = await createAuthModule(deps)
    expect(await deps.secrets.get('session-signing-key')).toBe(signingKey)
    expect(again.status()).toMatchObject({ setupPending: false, secretsBackend: 'memory' })
    await again.close()
  })

  it('prints a setup code in a framed block when there is no admin, and signs the desktop in as the local operator', async () => {
    const { deps, printed } = moduleDeps()
    const auth = await createAuthModule(deps)
    expect(printed).toHaveLength(5)
    expect(printed[0]).toMatch(/^\+-+\+$/)
    expect(printed[1]).toMatch(/^\| No admin account yet\. One-time setup code: [\w-]{12} +\|$/)
    expect(new Set(printed.map((line) => line.length)).size).toBe(1)
    expect(auth.status().setupPending).toBe(true)
    expect(auth.firstUser()).toBeUndefined()
    const local = auth.localSession()
    expect(local.name).toBe('__Host-mfc_session')
    expect(auth.principals.principalFromCookie(local.value)).toMatchObject({ name: 'local-operator', role: 'admin' })
    await auth.close()
  })

  it('ends idle sessions on its sweep, tells onRevoked, and leaves no timer after close', async () => {
    const { deps, clock } = moduleDeps()
    const auth = await createAuthModule(deps)
    const revoked: string[] = []
    auth.onRevoked((key) => revoked.push(key))
    const principal = auth.principals.principalFromCookie(auth.localSession().value)!
    expect(auth.csrf.csrfValid(principal, 'not the token')).toBe(false)
    clock.advance(29 * 60_000)
    expect(revoked).toEqual([])
    clock.advance(2 * 60_000)
    expect(revoked).toEqual([principal.key])
    expect(clock.pending()).toBe(1)
    await auth.close()
    expect(clock.pending()).toBe(0)
  })
})
