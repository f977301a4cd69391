import { randomBytes } from 'node:crypto'

/** Time and randomness, injected so tests can move time and expire sessions without sleeping. */
export type AuthEnv = {
  now: () => number
  random: (size: number) => Buffer
}

export const systemAuthEnv: AuthEnv = { now: Date.now, random: randomBytes }

/** A random URL-safe identifier of `bytes` bytes of entropy. */
export function randomId(env: AuthEnv, bytes = 16): string {
  return env.random(bytes).toString('base64url')
}

export const iso = (ms: number): string => new Date(ms).toISOString()
