import { clientKey } from '../config/cidr.js'
import type { Role } from '../contract/access.js'
import type { AccessRequestInfo, AccessRequestPoll } from '../contract/auth.js'
import { AppError } from '../errors.js'
import { iso, randomId, type StoreContext } from './store-context.js'
import type { TokenStore } from './tokens.js'

type Row = {
  id: string
  name: string
  ip: string
  created_at: number
  expires_at: number
  status: 'pending' | 'approved' | 'denied' | 'collected'
  role: Role | null
  decided_by: string | null
  token_id: string | null
}

export type AccessRequests = ReturnType<typeof createAccessRequests>

/**
 * The instrument pairing flow (OctoPrint "application keys"): an instrument asks with a name, an
 * operator approves with a role, the instrument collects its token by polling. The request id is
 * 128 random bits and works as the capability to collect; the token is minted at collection, so it
 * is never stored in plain text and is handed out exactly once. Pending requests expire after ttlMs.
 */
export function createAccessRequests(
  { db, clock, random }: StoreContext,
  tokens: Pick<TokenStore, 'create'>,
  options: { ttlMs: number; maxPending: number; maxPendingPerClient: number },
) {
  const get = db.prepare<[string], Row>('SELECT * FROM access_requests WHERE id = ?')
  const live = (row: Row | undefined, now: number) => row !== undefined && row.expires_at > now

  return {
    create(name: string, ip: string): { id: string } {
      const now = clock.now()
      db.prepare("DELETE FROM access_requests WHERE expires_at <= ? AND status != 'collected'").run(now)
      const pending = db
        .prepare<[], { ip: string }>("SELECT ip FROM access_requests WHERE status = 'pending'")
        .all()
        .map((row) => clientKey(row.ip))
      if (pending.length >= options.maxPending)
        throw new AppError('rate_limited', 'too many pending access requests; try again later')
      // One client (loopback counts as one) cannot fill the queue and lock real instruments out.
      const client = clientKey(ip)
      if (pending.filter((key) => key === client).length >= options.maxPendingPerClient)
        throw new AppError('rate_limited', 'too many pending access requests from your address; wait for a decision')
      const id = randomId(random, 16)
      db.prepare(
        "INSERT INTO access_requests (id, name, ip, created_at, expires_at, status) VALUES (?, ?, ?, ?, ?, 'pending')",
      ).run(id, name, ip, now, now + options.ttlMs)
      return { id }
    },

    /** pending / denied, or approved with the token the first time; afterwards (or expired) not found. */
    poll(id: string): AccessRequestPoll & { tokenId?: string; name?: string } {
      const row = get.get(id)
      const now = clock.now()
      if (!row || row.status === 'collected' || (row.status === 'pending' && !live(row, now)))
        throw new AppError('not_found', 'no such access request (unknown, expired or already collected)')
      if (row.status === 'pending' || row.status === 'denied') return { status: row.status }
      // Claim first, then mint: two racing polls cannot both collect.
      const claimed =
        db.prepare("UPDATE access_requests SET status = 'collected' WHERE id = ? AND status = 'approved'").run(id)
          .changes === 1
      if (!claimed) throw new AppError('not_found', 'no such access request (unknown, expired or already collected)')
      const { token, record } = tokens.create({
        name: row.name,
        role: row.role ?? 'viewer',
        createdBy: `access-request:${row.decided_by ?? 'unknown'}`,
      })
      db.prepare('UPDATE access_requests SET token_id = ? WHERE id = ?').run(record.id, id)
      return { status: 'approved', token, tokenId: record.id, name: row.name }
    },

    pending(): AccessRequestInfo[] {
      return db
        .prepare<[number], Row>(
          "SELECT * FROM access_requests WHERE status = 'pending' AND expires_at > ? ORDER BY created_at",
        )
        .all(clock.now())
        .map((row) => ({
          id: row.id,
          name: row.name,
          ip: row.ip,
          createdAt: iso(row.created_at),
          expiresAt: iso(row.expires_at),
        }))
    },

    /** Approves or denies a pending request; the name is returned for the audit entry. */
    decide(id: string, decision: { approve: true; role: Role } | { approve: false }, by: string): { name: string } {
      const row = get.get(id)
      if (!row || row.status !== 'pending' || !live(row, clock.now()))
        throw new AppError('not_found', 'no pending access request with this id')
      // An approved request stays collectable for another ttl, so a slow-polling instrument still gets it.
      db.prepare('UPDATE access_requests SET status = ?, role = ?, decided_by = ?, expires_at = ? WHERE id = ?').run(
        decision.approve ? 'approved' : 'denied',
        decision.approve ? decision.role : null,
        by,
        clock.now() + options.ttlMs,
        id,
      )
      return { name: row.name }
    },
  }
}
