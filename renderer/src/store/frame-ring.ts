/** The four quantities charted per cell and for the stack. */
export const channels = ['voltageV', 'currentA', 'powerW', 'substrateMgL'] as const
export type Channel = (typeof channels)[number]
const CHANNELS = channels.length

/** One sample of the whole stack: the stack's values and each cell's, in `channels` order. */
export type FrameSample = { simTimeS: number; stack: readonly number[]; cells: readonly (readonly number[])[] }

/** A chart series: the stack's or one cell's channel. */
export type SeriesRef = { cell: number | 'stack'; channel: Channel }

/**
 * A fixed-capacity ring of samples in preallocated typed arrays. 16 cells at 10 Hz for 10 minutes is
 * 6000 samples x 68 numbers: about 3 MB allocated once, so memory stops growing when the ring is
 * full, and no per-frame objects are kept for the garbage collector to chase.
 */
export class FrameRing {
  private readonly times: Float64Array
  private readonly values: Float64Array
  private readonly stride: number
  private start = 0
  private count = 0

  /** `minSpacingS` > 0 keeps one sample per that much simulated time (a coarse, long-range ring). */
  constructor(
    readonly capacity: number,
    readonly cells: number,
    readonly minSpacingS = 0,
  ) {
    this.stride = (cells + 1) * CHANNELS
    this.times = new Float64Array(capacity)
    this.values = new Float64Array(capacity * this.stride)
  }

  get length(): number {
    return this.count
  }

  clear(): void {
    this.start = 0
    this.count = 0
  }

  /** Appends a sample (dropping the oldest when full); samples closer than minSpacingS are skipped. */
  push(sample: FrameSample): void {
    if (this.count > 0 && sample.simTimeS < this.timeAt(this.count - 1) + this.minSpacingS) return
    const slot = (this.start + this.count) % this.capacity
    if (this.count === this.capacity) this.start = (this.start + 1) % this.capacity
    else this.count += 1
    this.times[slot] = sample.simTimeS
    const base = slot * this.stride
    for (let c = 0; c < CHANNELS; c += 1) this.values[base + c] = sample.stack[c] ?? Number.NaN
    for (let cell = 0; cell < this.cells; cell += 1) {
      const row = sample.cells[cell]
      for (let c = 0; c < CHANNELS; c += 1) this.values[base + (cell + 1) * CHANNELS + c] = row?.[c] ?? Number.NaN
    }
  }

  /** Simulated time of the i-th oldest sample. */
  timeAt(i: number): number {
    return this.times[(this.start + i) % this.capacity]!
  }

  valueAt(i: number, series: SeriesRef): number {
    const offset = (series.cell === 'stack' ? 0 : (series.cell + 1) * CHANNELS) + channels.indexOf(series.channel)
    return this.values[((this.start + i) % this.capacity) * this.stride + offset]!
  }

  /** Index of the first sample at or after `simTimeS` (binary search: times only grow within a run). */
  firstIndexAtOrAfter(simTimeS: number): number {
    return this.bound((t) => t < simTimeS)
  }

  /** Index of the first sample strictly after `simTimeS`. */
  firstIndexAfter(simTimeS: number): number {
    return this.bound((t) => t <= simTimeS)
  }

  private bound(before: (t: number) => boolean): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before(this.timeAt(mid))) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
