/**
 * Seeded pseudo-random numbers. server/sim never calls Math.random: every stochastic part (parameter
 * spread, sensor noise, Q-learning exploration) draws from a stream forked from the run's seed, so a
 * run is reproducible byte for byte and adding noise to one part does not reshuffle the others.
 */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal (Box-Muller). */
  normal(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** An independent stream named by `label`, fixed by this stream's seed (not by how much it was used). */
  fork(label: string): Random
}

/** FNV-1a over the label, mixed with the seed: distinct, stable sub-seeds per label. */
function mixSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** sfc32 (Small Fast Counting, from PractRand): 128-bit state, passes BigCrush, fast in 32-bit JS maths. */
export function createRandom(seed: number): Random {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next32 = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  // The first outputs of sfc32 are correlated with the seed; discard them as the author recommends.
  for (let i = 0; i < 15; i += 1) next32()
  let spareNormal: number | undefined
  const random: Random = {
    next: () => next32() / 4294967296,
    normal() {
      if (spareNormal !== undefined) {
        const value = spareNormal
        spareNormal = undefined
        return value
      }
      const u = 1 - random.next() // (0, 1]: log stays finite
      const v = random.next()
      const radius = Math.sqrt(-2 * Math.log(u))
      spareNormal = radius * Math.sin(2 * Math.PI * v)
      return radius * Math.cos(2 * Math.PI * v)
    },
    int: (n) => Math.floor(random.next() * n),
    fork: (label) => createRandom(mixSeed(seed, label)),
  }
  return random
}
