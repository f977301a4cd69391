import { createHash } from 'node:crypto'
import type { SessionInfo } from '../contract/security.js'
import type { Db } from '../store/database.js'
import { createSessionSigner } from './session-signing.js'
import { iso, randomId, type StoreContext } from './store-context.js'

/** `__Host-` prefix: the browser only accepts it Secure, Path=/ and without Domain (RFC 6265bis 4.1.3.2). */
export const SESSION_COOKIE = '__Host-mfc_session'

export type Session = {
  /** sha256 of the secret session id: what the database and admin lists hold, never the cookie itself. */
  id: string
  userId: string
  createdAt: number
  lastSeenAt: number
  reauthAt: number
  ip: string
  userAgent: string
  local: boolean
}

type SessionRow = {
  id: string
  user_id: string
  created_at: number
  last_seen_at: number
  reauth_at: number
  ip: string
  user_agent: string
  local: number
  revoked_at: number | null
}

/** Where a request came from, as a new session records it. */
export type RequestMeta = { ip: string; userAgent: string }

export type SessionOptions = { idleMs: number; absoluteMs: number; signingKey: string }

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  userId: row.user_id,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  reauthAt: row.reauth_at,
  ip: row.ip,
  userAgent: row.user_agent,
  local: row.local === 1,
})

/** Stores a new session; the user agent is capped (it is only shown in the admin list). */
function insertSession(
  db: Db,
  fresh: { id: string; userId: string; meta: RequestMeta & { local?: boolean }; now: number },
): Session {
  const { id, userId, meta, now } = fresh
  const session: Session = {
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    reauthAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent.slice(0, 200),
    local: meta.local ?? false,
  }
  db.prepare(
    'INSERT INTO sessions (id, user_id, created_at, last_seen_at, reauth_at, ip, user_agent, local) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, userId, now, now, now, session.ip, session.userAgent, session.local ? 1 : 0)
  return session
}

/** Sessions seen since `cutoff`, newest first, with the cache's last-seen time (written back lazily). */
function listSessions(db: Db, cutoff: number, cached: (id: string) => Session | undefined) {
  return db
    .prepare<[number], SessionRow & { username: string }>(
      'SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.revoked_at IS NULL AND s.last_seen_at > ? ORDER BY s.last_seen_at DESC',
    )
    .all(cutoff)
    .map((row): SessionInfo & { userId: string } => ({
      id: row.id,
      userId: row.user_id,
      username: row.username,
      createdAt: iso(row.created_at),
      lastSeenAt: iso(cached(row.id)?.lastSeenAt ?? row.last_seen_at),
      ip: row.ip,
      userAgent: row.user_agent,
      local: row.local === 1,
    }))
}

export type SessionStore = ReturnType<typeof createSessionStore>

/**
 * Server-side sessions behind a signed cookie `<secret id>.<HMAC>`: the signature rejects forged
 * cookies before any lookup; the database holds only a hash of the id, so a copied database does not
 * yield live cookies. Sessions are cached in memory (revocation removes them), and last-seen times are
 * written back at most once a minute, so an authenticated request costs no database write.
 */
export function createSessionStore({ db, bookkeeping, clock, random }: StoreContext, options: SessionOptions) {
  const cache = new Map<string, Session>()
  const persistedSeen = new Map<string, number>()
  const revokeListeners = new Set<(sessionId: string) => void>()
  const signer = createSessionSigner(options.signingKey)
  const load = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ? AND revoked_at IS NULL')
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')

  const expired = (session: Session, now: number) =>
    now - session.lastSeenAt > options.idleMs || now - session.createdAt > options.absoluteMs

  const markRevoked = db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  /** Ends sessions at once in memory; an expiry's write is bookkeeping (the row is past its expiry anyway). */
  const revoke = (ids: string[], reason: 'expired' | 'revoked' = 'revoked') => {
    const now = clock.now()
    for (const id of ids) {
      if (reason === 'expired') bookkeeping.defer(`session-end:${id}`, () => markRevoked.run(now, id))
      else markRevoked.run(now, id)
      cache.delete(id)
      persistedSeen.delete(id)
      for (const listener of revokeListeners) listener(id)
    }
  }

  return {
    create(userId: string, meta: RequestMeta & { local?: boolean }): { cookie: string; session: Session } {
      const secret = randomId(random, 32)
      const session = insertSession(db, { id: sha256(secret), userId, meta, now: clock.now() })
      cache.set(session.id, session)
      return { cookie: signer.cookieOf(secret), session }
    },

    /** The live session a cookie value names, sliding its idle timeout; undefined when forged, expired or revoked. */
    resolve(cookie: string): Session | undefined {
      const secret = signer.secretOf(cookie)
      if (secret === undefined) return undefined
      const id = sha256(secret)
      let session = cache.get(id)
      if (!session) {
        const row = load.get(id)
        if (!row) return undefined
        cache.set(id, (session = toSession(row)))
      }
      const now = clock.now()
      if (expired(session, now)) {
        revoke([id], 'expired')
        return undefined
      }
      session.lastSeenAt = now
      if (now - (persistedSeen.get(id) ?? 0) > 60_000) {
        bookkeeping.defer(`session-seen:${id}`, () => touch.run(now, id))
        persistedSeen.set(id, now)
      }
      return session
    },

    /** The CSRF token bound to a session (see createSessionSigner). */
    csrfToken: (session: Session): string => signer.csrfToken(session.id),
    /** Whether `given` is the session's CSRF token, compared in constant time. */
    csrfValid: (session: Session, given: string): boolean => signer.csrfValid(session.id, given),

    markReauthenticated(session: Session): void {
      session.reauthAt = clock.now()
      db.prepare('UPDATE sessions SET reauth_at = ? WHERE id = ?').run(session.reauthAt, session.id)
    },

    revoke: (id: string) => revoke([id]),
    /** Password change, role change, disabling: every session of the user ends (optionally but one). */
    revokeUser(userId: string, keep?: string): void {
      const ids = db
        .prepare<[string], { id: string }>('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL')
        .all(userId)
        .map((row) => row.id)
      revoke(ids.filter((id) => id !== keep))
    },
    /** Live sessions (not idle past the timeout), newest first: the admin list. */
    list: () => listSessions(db, clock.now() - options.idleMs, (id) => cache.get(id)),
    /** Ends sessions that expired while nobody asked (idle or absolute), so their open streams close too. */
    sweep(): void {
      const now = clock.now()
      const ended = [...cache.values()].filter((session) => expired(session, now)).map((session) => session.id)
      revoke(ended, 'expired')
    },
    onRevoke(listener: (sessionId: string) => void): () => void {
      revokeListeners.add(listener)
      return () => revokeListeners.delete(listener)
    },
  }
}
