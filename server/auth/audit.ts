import { createHash } from 'node:crypto'
import type { AuditAnchor, AuditEntry, AuditVerify } from '../contract/security.js'
import type { Db } from '../store/database.js'
import { iso, type StoreContext } from './store-context.js'

export type AuditEvent = {
  actor: string
  action: string
  target?: string
  ip?: string
  outcome?: AuditEntry['outcome']
  /** Safe, non-secret facts only (names, roles, ids); callers never pass passwords or tokens. */
  details?: Record<string, unknown>
}

type Row = {
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  ip: string | null
  outcome: AuditEntry['outcome']
  details: string | null
  prev_hash: string
  hash: string
}

const GENESIS = '0'.repeat(64)

/** sha256 over the previous hash and this entry's fields: editing, deleting or reordering any entry breaks every later link. */
function entryHash(prev: string, row: Omit<Row, 'hash' | 'prev_hash'>): string {
  return createHash('sha256')
    .update(prev)
    .update('\n')
    .update(JSON.stringify([row.seq, row.at, row.actor, row.action, row.target, row.ip, row.outcome, row.details]))
    .digest('hex')
}

/** Walks the hash chain from the first entry: intact, or the first entry whose link or hash does not match. */
function walkChain(db: Db): { ok: boolean; entries: number; lastSeq: number; firstBrokenSeq?: number } {
  let prev = GENESIS
  let expectedSeq = 1
  let entries = 0
  for (const row of db.prepare<[], Row>('SELECT * FROM audit ORDER BY seq').iterate()) {
    entries += 1
    if (row.seq !== expectedSeq || row.prev_hash !== prev || entryHash(prev, row) !== row.hash)
      return { ok: false, entries, lastSeq: row.seq, firstBrokenSeq: row.seq }
    prev = row.hash
    expectedSeq += 1
  }
  return { ok: true, entries, lastSeq: expectedSeq - 1 }
}

export type AuditLog = ReturnType<typeof createAuditLog>

/** Append-only, hash-chained audit log in SQLite. */
export function createAuditLog({ db, clock }: Pick<StoreContext, 'db' | 'clock'>) {
  const insert = db.prepare(
    'INSERT INTO audit (seq, at, actor, action, target, ip, outcome, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @ip, @outcome, @details, @prev_hash, @hash)',
  )
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')
  const hashOf = db.prepare<[number], { hash: string }>('SELECT hash FROM audit WHERE seq = ?')
  const listeners = new Set<(entry: AuditEntry) => void>()

  const toEntry = (row: Row): AuditEntry => ({
    seq: row.seq,
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    outcome: row.outcome,
    hash: row.hash,
    ...(row.target === null ? {} : { target: row.target }),
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.details === null ? {} : { details: JSON.parse(row.details) as Record<string, unknown> }),
  })

  // Read-then-insert in one transaction: better-sqlite3 is synchronous, so nothing interleaves.
  const append = db.transaction((event: AuditEvent): Row => {
    const previous = last.get()
    const base = {
      seq: (previous?.seq ?? 0) + 1,
      at: clock.now(),
      actor: event.actor,
      action: event.action,
      target: event.target ?? null,
      ip: event.ip ?? null,
      outcome: event.outcome ?? 'ok',
      details: event.details ? JSON.stringify(event.details) : null,
    }
    const prev_hash = previous?.hash ?? GENESIS
    const row: Row = { ...base, prev_hash, hash: entryHash(prev_hash, base) }
    insert.run(row)
    return row
  })

  return {
    record(event: AuditEvent): void {
      const entry = toEntry(append(event))
      for (const listener of listeners) listener(entry)
    },
    query(filter: { limit: number; before?: number | undefined; action?: string | undefined }): AuditEntry[] {
      return db
        .prepare<[number, string | null, string | null, number], Row>(
          'SELECT * FROM audit WHERE seq < ? AND (? IS NULL OR action = ?) ORDER BY seq DESC LIMIT ?',
        )
        .all(filter.before ?? Number.MAX_SAFE_INTEGER, filter.action ?? null, filter.action ?? null, filter.limit)
        .map(toEntry)
    },
    /** Every entry, oldest first (export). */
    *all(): Generator<AuditEntry> {
      for (const row of db.prepare<[], Row>('SELECT * FROM audit ORDER BY seq').iterate()) yield toEntry(row)
    },
    /** The newest entry's number and hash (what the anchor records), undefined for an empty log. */
    head: (): { seq: number; hash: string } | undefined => last.get(),
    /** The hash of entry `seq`, undefined when the log has no such entry. */
    hashAt: (seq: number): string | undefined => hashOf.get(seq)?.hash,
    /**
     * Walks the chain and reports the first entry whose link or hash does not match; against an anchor
     * (the head kept outside the database) it also finds entries cut from the end, which the chain alone
     * cannot show, and a tail replaced by a recomputed chain.
     */
    verify(anchor?: AuditAnchor): AuditVerify {
      const { lastSeq, ...chain } = walkChain(db)
      if (!chain.ok || anchor === undefined) return { ...chain, ...(anchor === undefined ? {} : { anchor }) }
      if (lastSeq < anchor.seq) return { ok: false, entries: chain.entries, anchor, missingTail: anchor.seq - lastSeq }
      if (hashOf.get(anchor.seq)?.hash !== anchor.hash)
        return { ok: false, entries: chain.entries, firstBrokenSeq: anchor.seq, anchor }
      return { ok: true, entries: chain.entries, anchor }
    },
    onEntry(listener: (entry: AuditEntry) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
