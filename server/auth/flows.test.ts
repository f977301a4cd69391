import { describe, expect, it } from 'vitest'
import { securityConfigSchema } from '../config/security-schema.js'
import { silentLogger } from '../logger.js'
import { registerEnvironmentToken } from './environment-token.js'
import { createFirstAdmin } from './first-admin.js'
import { createPasswordHasher } from './passwords.js'
import { createPrincipalResolver } from './principal.js'
import { createRevocationNotifier } from './revocation.js'
import { createSignIn, LOCAL_USER } from './sign-in.js'
import { createAuthStores } from './stores.js'
import { testAuthContext } from './test-db.js'

const cheap = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1, keyLength: 32, saltLength: 16 })
const meta = { ip: '10.0.0.9', userAgent: 'test' }

/** Every store over one in-memory database, with a two-failure account lockout. */
function stores() {
  const context = testAuthContext()
  const config = securityConfigSchema.parse({ neverBan: [], lockout: { accountMaxFailures: 2, baseLockSeconds: 60 } })
  const keys = { signingKey: 'signing key', tokenPepper: 'pepper' }
  return { context, ...createAuthStores(context, config, keys, cheap) }
}

describe('first admin', () => {
  it('creates the local operator and accepts the printed setup code exactly once', async () => {
    const all = stores()
    const lines: string[] = []
    const firstAdmin = createFirstAdmin({
      ...all,
      random: all.context.random,
      log: silentLogger,
      announce: (line) => lines.push(line),
    })
    await firstAdmin.bootstrap(undefined)
    const [code = ''] = lines
    expect(code).toMatch(/^[\w-]{12}$/)
    expect(firstAdmin.firstUser()).toBeUndefined()
    expect(all.users.findByName(LOCAL_USER)).toBeDefined()
    await expect(firstAdmin.setup('wrong', 'owner', 'owner password!', meta)).rejects.toThrow(/invalid/)
    const signedIn = await firstAdmin.setup(code, 'owner', 'owner password!', meta)
    expect(signedIn.user).toMatchObject({ username: 'owner', role: 'admin' })
    expect(firstAdmin.pending()).toBe(false)
    expect(firstAdmin.firstUser()).toBe('owner')
    await expect(firstAdmin.setup(code, 'second', 'owner password!', meta)).rejects.toThrow(/already used/)
  })
})

describe('sign-in', () => {
  it('locks the account after the configured failures, and never lets the local operator log in', async () => {
    const all = stores()
    await all.users.create({ username: 'ann', password: 'long enough password', role: 'viewer' })
    await all.users.create({ username: LOCAL_USER, password: undefined, role: 'admin' })
    const signIn = createSignIn(all)
    await expect(signIn.login(LOCAL_USER, '', meta)).rejects.toThrow(/wrong username or password/)
    await expect(signIn.login('ann', 'wrong', meta)).rejects.toThrow(/wrong username or password/)
    await expect(signIn.login('ann', 'wrong', meta)).rejects.toThrow(/wrong username or password/)
    await expect(signIn.login('ann', 'long enough password', meta)).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 60 },
    })
    all.context.clock.advance(60_000)
    const { cookie, csrfToken } = await signIn.login('ann', 'long enough password', meta)
    const session = all.sessions.resolve(cookie)!
    expect(all.sessions.csrfValid(session, csrfToken)).toBe(true)
    expect(all.audit.query({ limit: 10 }).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['login', 'login.locked', 'lockout', 'login.failure']),
    )
  })
})

describe('principals and revocation', () => {
  it('resolves cookies and tokens, audits a token from a new address, and reports revocations once', async () => {
    const all = stores()
    const user = await all.users.create({ username: 'olga', password: 'operator password', role: 'operator' })
    const principals = createPrincipalResolver({ ...all, unrecorded: () => expect.unreachable() })
    const revocations = createRevocationNotifier(all)
    const heard: string[] = []
    revocations.onRevoked((key) => heard.push(key))
    const { cookie, session } = all.sessions.create(user.id, meta)
    const principal = principals.principalFromCookie(cookie)!
    expect(principal).toMatchObject({ kind: 'session', name: 'olga', role: 'operator' })
    all.controlLock.acquire(principal)
    all.sessions.revoke(session.id)
    expect(heard).toEqual([`session:${session.id}`])
    expect(all.controlLock.state(undefined).holder).toBeUndefined()
    expect(principals.principalFromCookie(cookie)).toBeUndefined()

    const { token, record } = all.tokens.create({ name: 'scale', scopes: ['telemetry:read'], createdBy: 'admin' })
    const permissions = principals.principalFromToken(token, '10.0.0.1')!.permissions
    expect([permissions.has('telemetry:read'), permissions.has('simulation:control')]).toEqual([true, false])
    expect(all.audit.query({ limit: 1, action: 'token.use-new-ip' })[0]).toMatchObject({ target: record.id })
    revocations.close()
    all.tokens.revoke(record.id)
    expect(heard).toHaveLength(1)
  })

  it('still answers a token from a new address when the audit log refuses the observation (a full disk)', () => {
    const all = stores()
    const full = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    }
    const unrecorded: string[] = []
    const principals = createPrincipalResolver({
      ...all,
      audit: { record: full },
      unrecorded: (event, error) => unrecorded.push(`${event.action} ${(error as { code: string }).code}`),
    })
    const { token } = all.tokens.create({ name: 'scale', scopes: ['telemetry:read'], createdBy: 'admin' })
    expect(principals.principalFromToken(token, '10.0.0.1')?.name).toBe('token scale')
    expect(unrecorded).toEqual(['token.use-new-ip SQLITE_FULL'])
  })
})

describe('MFC_API_TOKEN', () => {
  it('registers once as an operator token and replaces a changed value', () => {
    const all = stores()
    registerEnvironmentToken(all.tokens, all.audit, 'reference-token-0123456789')
    registerEnvironmentToken(all.tokens, all.audit, 'reference-token-0123456789')
    expect(all.tokens.list().map((token) => [token.name, token.role, token.revokedAt === undefined])).toEqual([
      ['MFC_API_TOKEN', 'operator', true],
    ])
    registerEnvironmentToken(all.tokens, all.audit, 'another-reference-token-01')
    expect(all.tokens.resolve('reference-token-0123456789')).toBeUndefined()
    expect(all.tokens.resolve('another-reference-token-01')?.role).toBe('operator')
  })
})
