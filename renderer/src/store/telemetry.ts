import { create } from 'zustand'
import type { TelemetryFrame } from '../../../server/contract/stream'
import { FrameRing, ringStride, type FrameSample } from './frame-ring'

/** Full-rate ring: 10 minutes of frames at 10 Hz (the chart's performance target) for stacks up to 16 cells. */
export const RECENT_FRAMES = 6000
/** Long-range ring: one sample per 30 simulated seconds reaches back 24 h, the longest window. */
export const ARCHIVE_SAMPLES = 2880
export const ARCHIVE_SPACING_S = 30
/** The longest window the rings cover, in simulated seconds. */
export const ARCHIVE_SPAN_S = ARCHIVE_SAMPLES * ARCHIVE_SPACING_S
/**
 * Numbers each ring may hold (8 bytes each, 16 MB): a pilot stack of 256 cells gets fewer, wider
 * samples instead of 50 MB of typed arrays; a 16-cell stack keeps the full sizes above.
 */
const RING_BUDGET_VALUES = 2_000_000

type TelemetryState = {
  runId: string | undefined
  /** The newest frame, for values shown as numbers (tiles, header). */
  latest: TelemetryFrame | undefined
  lastFrameAtMs: number | undefined
  /**
   * Bumped on every change of the rings. The rings are mutated in place (copying 3 MB ten times a
   * second is what would make charts stutter), so views subscribe to this number instead.
   */
  revision: number
  recent: FrameRing
  archive: FrameRing
  append(frame: TelemetryFrame, receivedAtMs: number): void
  /** Fills the long-range ring from stored history (oldest first), e.g. when a long window opens. */
  loadHistory(samples: readonly FrameSample[]): void
  /**
   * A run began that has sent no frame yet (a reset): the previous run's values must not stay on
   * screen as if they were this run's, so everything is dropped until its first frame.
   */
  startRun(runId: string): void
}

/** An absent value (a quantity the source does not measure) is a gap in the rings: NaN. */
const orGap = (value: number | undefined): number => value ?? Number.NaN

/** A frame as ring sample: stack substrate is the cells' mean (the stack has no probe of its own). */
export function frameSample(frame: TelemetryFrame): FrameSample {
  const cells = frame.cells.map((c) => [c.voltageV, c.currentA, c.powerW, c.substrateMgL].map(orGap))
  const substrate =
    frame.cells.length === 0
      ? Number.NaN
      : frame.cells.reduce((sum, c) => sum + orGap(c.substrateMgL), 0) / frame.cells.length
  const { stack } = frame
  return {
    simTimeS: frame.simTimeS,
    stack: [stack.voltageV, stack.currentA, stack.powerW, substrate, stack.loadOhm, stack.feedLPerDay].map(orGap),
    cells,
  }
}

/** The rings for a stack of `cells` cells, within the memory budget. */
export function ringsFor(cells: number): { recent: FrameRing; archive: FrameRing } {
  const fits = Math.floor(RING_BUDGET_VALUES / ringStride(cells))
  const archiveSamples = Math.min(ARCHIVE_SAMPLES, fits)
  return {
    recent: new FrameRing(Math.min(RECENT_FRAMES, fits), cells),
    archive: new FrameRing(
      archiveSamples,
      cells,
      Math.max(ARCHIVE_SPACING_S, Math.ceil(ARCHIVE_SPAN_S / archiveSamples)),
    ),
  }
}

export const useTelemetry = create<TelemetryState>((set, get) => ({
  runId: undefined,
  latest: undefined,
  lastFrameAtMs: undefined,
  revision: 0,
  ...ringsFor(0),
  append(frame, receivedAtMs) {
    let { recent, archive } = get()
    // A replay after a reconnect may repeat frames this page already has; the rings need time order.
    const latest = get().latest
    if (latest && latest.runId === frame.runId && frame.seq <= latest.seq) return
    // A new run (or a different stack) starts new charts rather than joining unrelated time axes.
    if (get().runId !== frame.runId || recent.cells !== frame.cells.length) {
      if (recent.cells === frame.cells.length) {
        recent.clear()
        archive.clear()
      } else ({ recent, archive } = ringsFor(frame.cells.length))
    }
    const sample = frameSample(frame)
    recent.push(sample)
    archive.push(sample)
    set((state) => ({
      runId: frame.runId,
      latest: frame,
      lastFrameAtMs: receivedAtMs,
      revision: state.revision + 1,
      recent,
      archive,
    }))
  },
  loadHistory(samples) {
    const { archive } = get()
    archive.clear()
    for (const sample of samples) archive.push(sample)
    set((state) => ({ revision: state.revision + 1 }))
  },
  startRun(runId) {
    if (get().runId === runId) return
    get().recent.clear()
    get().archive.clear()
    set((state) => ({ runId, latest: undefined, lastFrameAtMs: undefined, revision: state.revision + 1 }))
  },
}))
