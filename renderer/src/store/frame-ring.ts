/** The quantities charted per cell. */
export const cellChannels = ['voltageV', 'currentA', 'powerW', 'substrateMgL'] as const
export type CellChannel = (typeof cellChannels)[number]
/** The stack has the cell quantities (substrate as the cells' mean) and the commanded load and feed. */
export const stackChannels = [...cellChannels, 'loadOhm', 'feedLPerDay'] as const
export type Channel = (typeof stackChannels)[number]
/** The four quantities every series has, in chart order. */
export const channels = cellChannels

const CELL_CHANNELS = cellChannels.length
const STACK_CHANNELS = stackChannels.length

/** One sample of the whole stack: the stack's values in `stackChannels` order and each cell's in `cellChannels` order. */
export type FrameSample = { simTimeS: number; stack: readonly number[]; cells: readonly (readonly number[])[] }

/** A chart series: the stack's or one cell's channel (load and feed exist for the stack only). */
export type SeriesRef = { cell: number | 'stack'; channel: Channel }

/** Numbers a ring row holds for a stack of `cells` cells. */
export function ringStride(cells: number): number {
  return STACK_CHANNELS + cells * CELL_CHANNELS
}

/**
 * A fixed-capacity ring of samples in preallocated typed arrays. 16 cells at 10 Hz for 10 minutes is
 * 6000 samples x 70 numbers: about 3 MB allocated once, so memory stops growing when the ring is
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
    this.stride = ringStride(cells)
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
    for (let c = 0; c < STACK_CHANNELS; c += 1) this.values[base + c] = sample.stack[c] ?? Number.NaN
    for (let cell = 0; cell < this.cells; cell += 1) {
      const row = sample.cells[cell]
      const offset = base + STACK_CHANNELS + cell * CELL_CHANNELS
      for (let c = 0; c < CELL_CHANNELS; c += 1) this.values[offset + c] = row?.[c] ?? Number.NaN
    }
  }

  /** Simulated time of the i-th oldest sample. */
  timeAt(i: number): number {
    return this.times[(this.start + i) % this.capacity]!
  }

  /** The series' value in the i-th oldest sample; NaN for a cell channel the stack alone has. */
  valueAt(i: number, series: SeriesRef): number {
    return this.valueAtOffset(i, this.offsetOf(series))
  }

  /** `valueAt` with the series' offset looked up once (`offsetOf`), for loops over many samples. */
  valueAtOffset(i: number, offset: number): number {
    return offset < 0 ? Number.NaN : this.values[((this.start + i) % this.capacity) * this.stride + offset]!
  }

  /** Where a series sits in a row, or -1 for a series this ring does not hold. */
  offsetOf(series: SeriesRef): number {
    if (series.cell === 'stack') return stackChannels.indexOf(series.channel)
    const channel = cellChannels.indexOf(series.channel as CellChannel)
    if (channel < 0 || series.cell >= this.cells) return -1
    return STACK_CHANNELS + series.cell * CELL_CHANNELS + channel
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
