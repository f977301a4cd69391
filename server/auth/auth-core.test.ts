import { describe, expect, it } from 'vitest'
import { createAuditLog } from './audit.js'
import { createIpMatcher } from '../config/cidr.js'
import { createLockout } from './lockout.js'
import { createPasswordHasher } from './passwords.js'
import { createSessionStore } from './sessions.js'
import { testAuthContext } from './test-db.js'
import { createTokenStore } from './tokens.js'
import { createUserStore } from './users.js'
import { createAccessRequests } from './access-requests.js'

const cheap = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1, keyLength: 32, saltLength: 16 })

describe('passwords (scrypt)', () => {
  it('verifies the right password only, and stores parameters with the hash', async () => {
    const hash = await createPasswordHasher().hash('correct horse battery')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/)
    expect(await cheap.verify('correct horse battery', hash)).toBe(true)
    expect(await cheap.verify('correct horse batterY', hash)).toBe(false)
    expect(await cheap.verify('x', 'garbage')).toBe(false)
  })
})

describe('sessions', () => {
  it('rejects forged cookies, slides the idle timeout, ends at the absolute lifetime and on revocation', async () => {
    const context = testAuthContext()
    const { clock } = context
    const users = createUserStore(context, cheap)
    const user = await users.create({ username: 'ann', password: 'long enough password', role: 'viewer' })
    const sessions = createSessionStore(context, { idleMs: 30 * 60_000, absoluteMs: 2 * 3600_000, signingKey: 'k' })
    const { cookie, session } = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' })
    expect(sessions.resolve(cookie)?.id).toBe(session.id)
    expect(sessions.resolve(cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A'))).toBeUndefined()
    expect(sessions.resolve(`x${cookie}`)).toBeUndefined()
    expect(sessions.resolve('')).toBeUndefined()
    clock.advance(29 * 60_000)
    expect(sessions.resolve(cookie)).toBeDefined()
    clock.advance(29 * 60_000)
    expect(sessions.resolve(cookie)).toBeDefined()
    clock.advance(31 * 60_000)
    expect(sessions.resolve(cookie)).toBeUndefined()

    const second = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' })
    const revoked: string[] = []
    sessions.onRevoke((id) => revoked.push(id))
    sessions.revokeUser(user.id)
    expect(sessions.resolve(second.cookie)).toBeUndefined()
    expect(revoked).toEqual([second.session.id])

    const third = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' })
    // Active use keeps it alive only up to the 2 h absolute lifetime: 4 x 25 min yes, 125 min no.
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * 60_000)
      expect(sessions.resolve(third.cookie)).toBeDefined()
    }
    clock.advance(25 * 60_000)
    expect(sessions.resolve(third.cookie)).toBeUndefined()
  })
})

describe('CSRF tokens', () => {
  it('are bound to one session and signing key', async () => {
    const context = testAuthContext()
    const user = await createUserStore(context, cheap).create({ username: 'cy', password: undefined, role: 'viewer' })
    const options = { idleMs: 60_000, absoluteMs: 3_600_000, signingKey: 'k' }
    const sessions = createSessionStore(context, options)
    const one = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' }).session
    const two = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' }).session
    expect(sessions.csrfValid(one, sessions.csrfToken(one))).toBe(true)
    expect(sessions.csrfValid(one, sessions.csrfToken(two))).toBe(false)
    expect(sessions.csrfValid(one, '')).toBe(false)
    const otherKey = createSessionStore(context, { ...options, signingKey: 'other' })
    expect(sessions.csrfValid(one, otherKey.csrfToken(one))).toBe(false)
  })
})

describe('tokens', () => {
  it('stores only a keyed hash, honours expiry and revokes at once', () => {
    const context = testAuthContext()
    const { db, clock } = context
    const tokens = createTokenStore(context, 'pepper')
    const { token, record } = tokens.create({
      name: 'logger',
      role: 'operator',
      createdBy: 'admin',
      expiresAt: clock.now() + 86_400_000,
    })
    expect(token).toMatch(/^mfc_[\w-]{43}$/)
    expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(token.slice(4))
    expect(tokens.resolve(token)?.id).toBe(record.id)
    expect(createTokenStore(context, 'other pepper').resolve(token)).toBeUndefined()
    expect(tokens.recordUse(record, '10.0.0.1')).toBe(true)
    expect(tokens.recordUse(record, '10.0.0.1')).toBe(false)
    clock.advance(86_400_000)
    expect(tokens.resolve(token)).toBeUndefined()
    const second = tokens.create({ name: 'b', scopes: ['metrics:read'], createdBy: 'admin' })
    expect(tokens.resolve(second.token)).toBeDefined()
    expect(tokens.revoke(second.record.id)).toBe(true)
    expect(tokens.resolve(second.token)).toBeUndefined()
    expect(tokens.revoke(second.record.id)).toBe(false)
  })
})

describe('access requests', () => {
  it('hands the token out exactly once after approval, and expires pending requests', () => {
    const context = testAuthContext()
    const { clock } = context
    const tokens = createTokenStore(context, 'pepper')
    const requests = createAccessRequests(context, tokens, { ttlMs: 600_000, maxPending: 2, maxPendingPerClient: 2 })
    const { id } = requests.create('scale', '10.0.0.5')
    expect(requests.poll(id)).toEqual({ status: 'pending' })
    requests.decide(id, { approve: true, role: 'operator' }, 'admin')
    const collected = requests.poll(id)
    expect(collected.status).toBe('approved')
    expect(tokens.resolve((collected as { token: string }).token)?.role).toBe('operator')
    expect(() => requests.poll(id)).toThrow(/already collected/)

    const other = requests.create('pump', '10.0.0.6')
    requests.create('probe', '10.0.0.7')
    expect(() => requests.create('third', '10.0.0.8')).toThrow(/too many pending/)
    clock.advance(600_001)
    expect(() => requests.poll(other.id)).toThrow(/expired/)
    expect(requests.create('later', '10.0.0.9').id).toBeTruthy()
  })

  it('lets one client hold only its share of the queue, every loopback address counting as one client', () => {
    const context = testAuthContext()
    const requests = createAccessRequests(context, createTokenStore(context, 'pepper'), {
      ttlMs: 600_000,
      maxPending: 50,
      maxPendingPerClient: 3,
    })
    for (const ip of ['127.0.0.1', '127.0.0.2', '::1']) requests.create(`local ${ip}`, ip)
    expect(() => requests.create('rotated', '127.9.9.9')).toThrow(/from your address/)
    expect(requests.create('real instrument', '10.0.0.5').id).toBeTruthy()
    expect(requests.pending()).toHaveLength(4)
  })
})

describe('lockout', () => {
  const policy = { accountMaxFailures: 3, ipMaxFailures: 5, baseLockMs: 60_000, maxLockMs: 240_000, windowMs: 3600_000 }
  it('locks account and IP after N failures with doubling backoff, never the allow-listed', () => {
    const context = testAuthContext()
    const { clock } = context
    const lockout = createLockout(context, policy, createIpMatcher(['127.0.0.0/8']))
    expect(lockout.fail('Ann', '10.0.0.1')).toBe(0)
    expect(lockout.fail('ann', '10.0.0.2')).toBe(0)
    expect(lockout.fail('ann', '10.0.0.3')).toBe(60_000)
    expect(lockout.retryAfterMs('ANN', '10.9.9.9')).toBe(60_000)
    expect(lockout.retryAfterMs('ANN', '127.0.0.1')).toBe(0)
    expect(lockout.fail('ann', '10.0.0.4')).toBe(120_000)
    expect(lockout.fail('ann', '10.0.0.5')).toBe(240_000)
    expect(lockout.fail('ann', '10.0.0.6')).toBe(240_000)
    expect(lockout.fail('root', '127.0.0.1')).toBe(0)
    clock.advance(240_000)
    expect(lockout.retryAfterMs('ann', '10.9.9.9')).toBe(0)
    expect(lockout.list().map((l) => l.key)).toContain('ann')
    expect(lockout.lift('account', 'ANN')).toBe(true)
    expect(lockout.lift('account', 'ANN')).toBe(false)
  })

  it('locks an account guessed from loopback on its own counter, rotating addresses or not', () => {
    const context = testAuthContext()
    const lockout = createLockout(context, policy, createIpMatcher(['127.0.0.0/8', '::1/128']))
    expect(['127.0.0.1', '127.0.0.2', '127.0.0.3'].map((ip) => lockout.fail('admin', ip))).toEqual([0, 0, 60_000])
    expect(lockout.retryAfterMs('admin', '127.0.0.77')).toBe(60_000)
    // The remote counter is apart: a remote attacker cannot lock the owner at the machine, nor the reverse.
    expect(lockout.retryAfterMs('admin', '10.0.0.1')).toBe(0)
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) lockout.fail('owner', ip)
    expect(lockout.retryAfterMs('owner', '127.0.0.1')).toBe(0)
    expect(lockout.list().map(({ kind, key }) => `${kind}:${key}`)).toEqual(
      expect.arrayContaining(['local-account:admin', 'account:owner', 'ip:10.0.0.1']),
    )
    expect(lockout.list().some((entry) => entry.kind === 'ip' && entry.key.startsWith('127.'))).toBe(false)
    lockout.succeed('admin', '127.0.0.1')
    expect(lockout.retryAfterMs('admin', '127.0.0.1')).toBe(0)
  })

  it('never holds a lock longer than the longest lock when the clock is set back', () => {
    const context = testAuthContext()
    const lockout = createLockout(context, policy, createIpMatcher([]))
    for (let i = 0; i < 3; i += 1) lockout.fail('ann', '10.0.0.1')
    context.clock.advance(-10 * 86_400_000)
    expect(lockout.retryAfterMs('ann', '10.0.0.1')).toBe(240_000)
  })

  it('keeps counting in memory when the database refuses the bookkeeping writes', () => {
    const context = testAuthContext()
    const refused: string[] = []
    const lockout = createLockout(
      { ...context, bookkeeping: { defer: (key) => void refused.push(key) } },
      policy,
      createIpMatcher([]),
    )
    for (let i = 0; i < 3; i += 1) lockout.fail('ann', '10.0.0.1')
    expect(lockout.retryAfterMs('ann', '10.0.0.1')).toBe(60_000)
    expect(context.db.prepare('SELECT COUNT(*) AS n FROM lockouts').get()).toEqual({ n: 0 })
    expect(new Set(refused)).toEqual(new Set(['lockout:account\nann', 'lockout:ip\n10.0.0.1']))
  })
})

describe('audit log hash chain', () => {
  it('verifies an intact chain and names the first tampered entry', () => {
    const context = testAuthContext()
    const { db } = context
    const audit = createAuditLog(context)
    for (let i = 0; i < 5; i++) audit.record({ actor: 'admin', action: 'user.create', target: `u${i}`, ip: '10.0.0.1' })
    expect(audit.verify()).toEqual({ ok: true, entries: 5 })
    expect(audit.query({ limit: 2 }).map((e) => e.seq)).toEqual([5, 4])
    db.prepare("UPDATE audit SET target = 'evil' WHERE seq = 3").run()
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 3 })
    db.prepare("UPDATE audit SET target = 'u2' WHERE seq = 3").run()
    db.prepare('DELETE FROM audit WHERE seq = 2').run()
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 3 })
  })
})

describe('session sweep', () => {
  it('ends sessions that expired without a request and tells the listeners', async () => {
    const context = testAuthContext()
    const { clock } = context
    const user = await createUserStore(context, cheap).create({
      username: 'sam',
      password: 'long enough password',
      role: 'viewer',
    })
    const sessions = createSessionStore(context, { idleMs: 60_000, absoluteMs: 3_600_000, signingKey: 'k' })
    const { session } = sessions.create(user.id, { ip: '1.2.3.4', userAgent: 'test' })
    const ended: string[] = []
    sessions.onRevoke((id) => ended.push(id))
    sessions.sweep()
    expect(ended).toEqual([])
    clock.advance(61_000)
    sessions.sweep()
    expect(ended).toEqual([session.id])
  })
})

describe('IP rules', () => {
  it('deny wins, an allow list admits only its addresses, the never-ban list always passes', async () => {
    const { createIpRules } = await import('./ip-rules.js')
    const context = testAuthContext()
    const rules = createIpRules(context, createIpMatcher(['127.0.0.0/8']))
    expect(rules.permits('192.168.1.1')).toBe(true)
    rules.add({ action: 'allow', cidr: '10.0.0.0/8', note: '' }, 'admin')
    const deny = rules.add({ action: 'deny', cidr: '10.9.0.0/16', note: '' }, 'admin')
    expect([
      rules.permits('10.1.2.3'),
      rules.permits('10.9.1.1'),
      rules.permits('192.168.1.1'),
      rules.permits('127.0.0.1'),
    ]).toEqual([true, false, false, true])
    expect(() => rules.add({ action: 'deny', cidr: 'nonsense', note: '' }, 'admin')).toThrow(/invalid request/)
    rules.remove(deny.id)
    expect(rules.permits('10.9.1.1')).toBe(true)
    // Persisted: a new instance over the same database applies the same rules.
    expect(createIpRules(context, createIpMatcher([])).permits('192.168.1.1')).toBe(false)
  })
})
