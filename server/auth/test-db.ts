import { openDatabase, type Db } from '../store/database.js'
import type { AuthEnv } from './clock.js'
import { authMigrations } from './schema.js'

/** An in-memory auth database and a clock tests can move. */
export function testAuthDb(): { db: Db; env: AuthEnv & { advance(ms: number): void } } {
  let now = Date.UTC(2026, 0, 1)
  let counter = 0
  const env = {
    now: () => now,
    random: (size: number) => {
      counter += 1
      const buffer = Buffer.alloc(size)
      buffer.writeUInt32BE(counter % 2 ** 32, 0)
      return buffer
    },
    advance: (ms: number) => void (now += ms),
  }
  return { db: openDatabase(':memory:', authMigrations), env }
}
