import type { Db } from '../store/database.js'

export type OutboxKind = 'data' | 'event' | 'rebirth'
export type OutboxRow = { id: number; kind: OutboxKind; createdMs: number; payload: Buffer }

export type OutboxStats = { queued: number; queuedBytes: number; oldestMs: number | null; dropped: number }

/**
 * One broker's durable queue in the station database (docs/publishing.md "Store-and-forward"). Rows are
 * read in id order, which is the order they were made; the bounds drop the oldest rows first and count
 * them, so a long outage costs the oldest data, never the newest or the station.
 */
export function createOutbox(db: Db, broker: string, bounds: { maxMessages: number; maxBytes: number }) {
  const insert = db.prepare<[string, string, number, Buffer]>(
    'INSERT INTO publish_outbox (broker, kind, created_ms, payload) VALUES (?, ?, ?, ?)',
  )
  const after = db.prepare<
    [string, number, number],
    { id: number; kind: OutboxKind; createdMs: number; payload: Buffer }
  >(
    'SELECT id, kind, created_ms AS createdMs, payload FROM publish_outbox WHERE broker = ? AND id > ? ORDER BY id LIMIT ?',
  )
  const remove = db.prepare<[string, number]>('DELETE FROM publish_outbox WHERE broker = ? AND id = ?')
  const oldest = db.prepare<[string], { id: number; bytes: number; createdMs: number }>(
    'SELECT id, length(payload) AS bytes, created_ms AS createdMs FROM publish_outbox WHERE broker = ? ORDER BY id LIMIT 1',
  )
  const totals = db
    .prepare<[string], { n: number; bytes: number | null }>(
      'SELECT COUNT(*) AS n, SUM(length(payload)) AS bytes FROM publish_outbox WHERE broker = ?',
    )
    .get(broker) ?? { n: 0, bytes: 0 }
  const readCounter = db.prepare<[string, string], { value: number }>(
    'SELECT value FROM publish_counters WHERE broker = ? AND name = ?',
  )
  const writeCounter = db.prepare<[string, string, number]>(
    'INSERT INTO publish_counters (broker, name, value) VALUES (?, ?, ?) ON CONFLICT (broker, name) DO UPDATE SET value = excluded.value',
  )
  const lastId = db.prepare<[string], { id: number | null }>(
    'SELECT MAX(id) AS id FROM publish_outbox WHERE broker = ?',
  )
  const counter = (name: string) => readCounter.get(broker, name)?.value ?? 0
  let queued = totals.n
  let queuedBytes = totals.bytes ?? 0
  let dropped = counter('dropped')

  const dropOldest = () => {
    const row = oldest.get(broker)
    if (!row) return false
    remove.run(broker, row.id)
    queued -= 1
    queuedBytes -= row.bytes
    dropped += 1
    return true
  }
  const append = db.transaction((kind: OutboxKind, createdMs: number, payload: Buffer) => {
    const droppedBefore = dropped
    while ((queued >= bounds.maxMessages || queuedBytes + payload.length > bounds.maxBytes) && dropOldest());
    const id = Number(insert.run(broker, kind, createdMs, payload).lastInsertRowid)
    queued += 1
    queuedBytes += payload.length
    if (dropped !== droppedBefore) writeCounter.run(broker, 'dropped', dropped)
    return id
  })

  return {
    /** Commits a message; returns its id. */
    append: (kind: OutboxKind, createdMs: number, payload: Buffer): number => append(kind, createdMs, payload),
    /** Up to `limit` rows after `afterId`, oldest first. */
    after: (afterId: number, limit: number): OutboxRow[] => after.all(broker, afterId, limit),
    /** The broker acknowledged the row's messages: it leaves the queue (a row already dropped is ignored). */
    acknowledge(row: OutboxRow): void {
      if (remove.run(broker, row.id).changes === 0) return
      queued -= 1
      queuedBytes -= row.payload.length
    },
    /** The newest row's id (0 when empty): rows up to it were queued before a session connected. */
    lastId: (): number => lastId.get(broker)?.id ?? 0,
    stats: (): OutboxStats => ({ queued, queuedBytes, oldestMs: oldest.get(broker)?.createdMs ?? null, dropped }),
    /** A persistent counter of this broker (Sparkplug's bdSeq): returns the value after adding `by`. */
    bump(name: string, by = 1): number {
      const value = counter(name) + by
      writeCounter.run(broker, name, value)
      return value
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
