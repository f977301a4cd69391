import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../store/database.js'
import { createOutbox } from './outbox.js'
import { publishMigrations } from './schema.js'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function database(dir = mkdtempSync(join(tmpdir(), 'mfc-outbox-'))) {
  if (!dirs.includes(dir)) dirs.push(dir)
  const db = openDatabase(join(dir, 'station.db'), publishMigrations)
  dbs.push(db)
  return { db, dir }
}
const body = (text: string) => Buffer.from(text)

describe('publish outbox', () => {
  it('keeps rows in order until acknowledged, also across a reopen', () => {
    const { db, dir } = database()
    const outbox = createOutbox(db, 'mqtt', { maxMessages: 100, maxBytes: 1_000_000 })
    for (const text of ['a', 'b', 'c']) outbox.append('data', 1000, body(text))
    const [first] = outbox.after(0, 1)
    outbox.acknowledge(first!)
    db.close()
    dbs.splice(dbs.indexOf(db), 1)
    const reopened = createOutbox(database(dir).db, 'mqtt', { maxMessages: 100, maxBytes: 1_000_000 })
    expect(reopened.after(0, 10).map((row) => row.payload.toString())).toEqual(['b', 'c'])
    expect(reopened.stats()).toMatchObject({ queued: 2, queuedBytes: 2, oldestMs: 1000, dropped: 0 })
  })

  it('drops the oldest rows beyond its bounds and counts them persistently', () => {
    const { db } = database()
    const outbox = createOutbox(db, 'mqtt', { maxMessages: 3, maxBytes: 10 })
    for (const text of ['1', '2', '3', '4']) outbox.append('data', Number(text), body(text))
    expect(outbox.after(0, 10).map((row) => row.payload.toString())).toEqual(['2', '3', '4'])
    outbox.append('data', 5, body('12345678'))
    // 3 + 8 bytes is over 10: the oldest row goes, and 2 + 8 fits.
    expect(outbox.after(0, 10).map((row) => row.payload.toString())).toEqual(['3', '4', '12345678'])
    expect(outbox.stats()).toMatchObject({ queued: 3, queuedBytes: 10, dropped: 2 })
    expect(createOutbox(db, 'mqtt', { maxMessages: 3, maxBytes: 10 }).stats().dropped).toBe(2)
  })

  it('keeps brokers apart and counts bdSeq across restarts', () => {
    const { db } = database()
    const a = createOutbox(db, 'a', { maxMessages: 10, maxBytes: 100 })
    const b = createOutbox(db, 'b', { maxMessages: 10, maxBytes: 100 })
    a.append('event', 1, body('x'))
    expect(b.after(0, 10)).toEqual([])
    expect([a.bump('bdSeq'), a.bump('bdSeq'), b.bump('bdSeq')]).toEqual([1, 2, 1])
    expect(createOutbox(db, 'a', { maxMessages: 10, maxBytes: 100 }).bump('bdSeq')).toBe(3)
  })
})
