import { openDatabase } from '../store/database.js'
import { immediateBookkeeping } from '../store/write-behind.js'
import { createManualClock, type ManualClock } from '../testing/manual-clock.js'
import { authMigrations } from './schema.js'
import type { StoreContext } from './store-context.js'

/** An in-memory auth database, a clock tests move, and counter-based randomness (reproducible ids). */
export function testAuthContext(): StoreContext & { clock: ManualClock } {
  let counter = 0
  const random = (size: number) => {
    counter += 1
    const buffer = Buffer.alloc(size)
    buffer.writeUInt32BE(counter % 2 ** 32, 0)
    return buffer
  }
  return {
    db: openDatabase(':memory:', authMigrations),
    bookkeeping: immediateBookkeeping,
    clock: createManualClock(),
    random,
  }
}
