import { createHmac } from 'node:crypto'
import type { Role, TokenScope } from '../contract/access.js'
import type { TokenInfo } from '../contract/auth.js'
import { iso, randomId, type StoreContext } from './store-context.js'

/** Every token starts with this, so leaked tokens are recognisable by secret scanners. */
export const TOKEN_PREFIX = 'mfc_'

export type TokenRecord = {
  id: string
  name: string
  role?: Role
  scopes?: TokenScope[]
  createdBy: string
  createdAt: number
  expiresAt?: number
  lastUsedAt?: number
  lastUsedIp?: string
  /** Created for hazardous actions; without it, those refuse the token. */
  hazardous: boolean
}

type TokenRow = {
  id: string
  name: string
  hash: string
  role: Role | null
  scopes: string | null
  created_by: string
  created_at: number
  expires_at: number | null
  last_used_at: number | null
  last_used_ip: string | null
  revoked_at: number | null
  hazardous: number
}

const toRecord = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  ...(row.role ? { role: row.role } : {}),
  ...(row.scopes ? { scopes: JSON.parse(row.scopes) as TokenScope[] } : {}),
  createdBy: row.created_by,
  createdAt: row.created_at,
  ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  ...(row.last_used_at === null ? {} : { lastUsedAt: row.last_used_at }),
  ...(row.last_used_ip === null ? {} : { lastUsedIp: row.last_used_ip }),
  hazardous: row.hazardous === 1,
})

/** A token as the admin list shows it (never the token itself). */
const toInfo = (record: TokenRecord, revokedAt: number | null): TokenInfo => ({
  id: record.id,
  name: record.name,
  createdBy: record.createdBy,
  createdAt: iso(record.createdAt),
  ...(record.role ? { role: record.role } : {}),
  ...(record.scopes ? { scopes: record.scopes } : {}),
  ...(record.expiresAt === undefined ? {} : { expiresAt: iso(record.expiresAt) }),
  ...(record.lastUsedAt === undefined ? {} : { lastUsedAt: iso(record.lastUsedAt) }),
  ...(record.lastUsedIp === undefined ? {} : { lastUsedIp: record.lastUsedIp }),
  ...(revokedAt === null ? {} : { revokedAt: iso(revokedAt) }),
  hazardous: record.hazardous,
})

/**
 * Presented token -> its keyed hash, so a busy instrument costs one HMAC, not one per request.
 * Bounded (cleared when full) so random junk tokens cannot grow it.
 */
function memoised(keyed: (token: string) => string): (token: string) => string {
  const hashes = new Map<string, string>()
  return (token) => {
    let hash = hashes.get(token)
    if (hash === undefined) {
      if (hashes.size >= 1024) hashes.clear()
      hashes.set(token, (hash = keyed(token)))
    }
    return hash
  }
}

/** What an admin (or an approved access request, or MFC_API_TOKEN) asks for. */
export type NewToken = {
  name: string
  role?: Role
  scopes?: TokenScope[]
  expiresAt?: number
  createdBy: string
  hazardous?: boolean
}

/** The row of a token about to be stored. */
function tokenRow(input: NewToken, made: { id: string; hash: string; now: number }): TokenRow {
  return {
    id: made.id,
    name: input.name,
    hash: made.hash,
    role: input.role ?? null,
    scopes: input.scopes ? JSON.stringify(input.scopes) : null,
    created_by: input.createdBy,
    created_at: made.now,
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    last_used_ip: null,
    revoked_at: null,
    hazardous: input.hazardous ? 1 : 0,
  }
}

export type TokenStore = ReturnType<typeof createTokenStore>

/**
 * API tokens `mfc_<32 random bytes>`, stored only as HMAC-SHA256(pepper, token): a stolen database
 * without the keychain's pepper cannot even test guesses offline. Lookups are cached by hash (the
 * HMAC is the only per-request cost); revocation drops the cache entry and tells listeners (streams).
 */
export function createTokenStore({ db, bookkeeping, clock, random }: StoreContext, pepper: string) {
  const keyed = (token: string) => createHmac('sha256', pepper).update(token).digest('hex')
  const cache = new Map<string, TokenRecord>()
  const hashOf = memoised(keyed)
  const revokeListeners = new Set<(tokenId: string) => void>()
  const byHash = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL')
  const touchToken = db.prepare('UPDATE tokens SET last_used_at = ?, last_used_ip = ? WHERE id = ?')
  const setHazardousFlag = db.prepare('UPDATE tokens SET hazardous = ? WHERE id = ?')

  return {
    create(input: NewToken, plain?: string): { token: string; record: TokenRecord } {
      const token = plain ?? `${TOKEN_PREFIX}${randomId(random, 32)}`
      const row = tokenRow(input, { id: randomId(random, 9), hash: keyed(token), now: clock.now() })
      db.prepare(
        'INSERT INTO tokens (id, name, hash, role, scopes, created_by, created_at, expires_at, hazardous) VALUES (@id, @name, @hash, @role, @scopes, @created_by, @created_at, @expires_at, @hazardous)',
      ).run(row)
      return { token, record: toRecord(row) }
    },

    /** The live token record for a presented token; undefined when unknown, revoked or expired. */
    resolve(token: string): TokenRecord | undefined {
      // Not only `mfc_` tokens: MFC_API_TOKEN may carry a reference system's token of any shape.
      if (token.length < 16 || token.length > 256) return undefined
      const hash = hashOf(token)
      let record = cache.get(hash)
      if (!record) {
        const row = byHash.get(hash)
        if (!row) return undefined
        record = toRecord(row)
        cache.set(hash, record)
      }
      if (record.expiresAt !== undefined && clock.now() >= record.expiresAt) return undefined
      return record
    },

    /**
     * Records a use; true when it came from an IP this token was not last used from (worth an audit entry).
     * The write is bookkeeping: it waits in the queue, so a refusing database never fails the request.
     */
    recordUse(record: TokenRecord, ip: string): boolean {
      const now = clock.now()
      const newIp = record.lastUsedIp !== ip
      // One write a minute per token at most, unless the address changed.
      if (newIp || now - (record.lastUsedAt ?? 0) > 60_000) {
        bookkeeping.defer(`token-use:${record.id}`, () => touchToken.run(now, ip, record.id))
        record.lastUsedAt = now
      }
      record.lastUsedIp = ip
      return newIp
    },

    findByPlain: (token: string): TokenRecord | undefined => {
      const row = byHash.get(keyed(token))
      return row ? toRecord(row) : undefined
    },

    list(): TokenInfo[] {
      return db
        .prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at DESC')
        .all()
        .map((row) => {
          // The cached record knows a last use not yet written back.
          const live = [...cache.values()].find((record) => record.id === row.id)
          return toInfo(live ?? toRecord(row), row.revoked_at)
        })
    },

    /** Allows or forbids hazardous actions to a live token, at once (the cached record is the one principals hold). */
    setHazardous(id: string, hazardous: boolean): void {
      setHazardousFlag.run(hazardous ? 1 : 0, id)
      for (const record of cache.values()) if (record.id === id) record.hazardous = hazardous
    },

    /** Revokes at once: the cache entry goes, and open streams of this token are closed by the listeners. */
    revoke(id: string): boolean {
      const changed =
        db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(clock.now(), id)
          .changes > 0
      for (const [hash, record] of cache) if (record.id === id) cache.delete(hash)
      if (changed) for (const listener of revokeListeners) listener(id)
      return changed
    },
    onRevoke(listener: (tokenId: string) => void): () => void {
      revokeListeners.add(listener)
      return () => revokeListeners.delete(listener)
    },
  }
}
