import { randomBytes } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { Db } from '../store/database.js'
import type { Bookkeeping } from '../store/write-behind.js'

/** `size` random bytes: node's CSPRNG in production, a counter in tests (reproducible ids). */
export type RandomBytes = (size: number) => Buffer

export const systemRandom: RandomBytes = randomBytes

/**
 * What the auth stores are built on: their database and its bookkeeping queue (writes no request waits
 * for), the station's Clock (docs/architecture.md "Clock") and randomness, all injected so tests move
 * time and expire sessions without sleeping.
 */
export type StoreContext = { db: Db; bookkeeping: Bookkeeping; clock: Pick<Clock, 'now'>; random: RandomBytes }

/** A random URL-safe identifier of `bytes` bytes of entropy. */
export function randomId(random: RandomBytes, bytes = 16): string {
  return random(bytes).toString('base64url')
}

/** Epoch milliseconds as the API's ISO 8601 timestamps. */
export const iso = (ms: number): string => new Date(ms).toISOString()
