import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from './database.js'
import type { Migration } from './migrations.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-db-'))
  dirs.push(dir)
  return join(dir, 'station.db')
}

const a1: Migration = { module: 'a', version: 1, up: (db) => db.exec('CREATE TABLE a (x INTEGER)') }
const a2: Migration = { module: 'a', version: 2, up: (db) => db.exec('ALTER TABLE a ADD COLUMN y TEXT') }
const b1: Migration = { module: 'b', version: 1, up: (db) => db.exec('CREATE TABLE b (z INTEGER)') }

describe('migration runner', () => {
  it('applies each module once, in order, and only new steps on the next open', () => {
    const path = dbPath()
    const first = openDatabase(path, [a1, b1])
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal')
    first.close()
    const second = openDatabase(path, [a2, a1, b1])
    const rows = second.prepare('SELECT module, version FROM schema_migrations ORDER BY module, version').all()
    expect(rows).toEqual([
      { module: 'a', version: 1 },
      { module: 'a', version: 2 },
      { module: 'b', version: 1 },
    ])
    expect(second.prepare("SELECT name FROM pragma_table_info('a')").all()).toEqual([{ name: 'x' }, { name: 'y' }])
    second.close()
  })

  it('rolls a failing step back and refuses gaps and newer databases', () => {
    const path = dbPath()
    const broken: Migration = {
      module: 'a',
      version: 2,
      up: (db) => db.exec('CREATE TABLE c (x); SELECT * FROM missing_table'),
    }
    expect(() => openDatabase(path, [a1, broken])).toThrow(/missing_table/)
    const db = openDatabase(path, [a1])
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined()
    db.close()
    expect(() => openDatabase(path, [a2])).toThrow(/1\.\.n without gaps/)
    openDatabase(path, [a1, a2]).close()
    expect(() => openDatabase(path, [a1])).toThrow(/newer than this station knows/)
  })
})
