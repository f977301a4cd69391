import { create } from 'zustand'
import type { TelemetryFrame } from '../../../server/contract/stream'

/** One chart point: the stack's readings at a simulated time. */
export type ChartPoint = { simTimeS: number; voltageV: number; powerMw: number }

type TelemetryState = {
  points: ChartPoint[]
  lastFrameAtMs: number | undefined
  runId: string | undefined
  append(frame: TelemetryFrame, receivedAtMs: number): void
}

/** The chart keeps a bounded window so memory stops growing once it is full (60 s at 10 Hz). */
export const MAX_POINTS = 600

export const useTelemetry = create<TelemetryState>((set) => ({
  points: [],
  lastFrameAtMs: undefined,
  runId: undefined,
  append: (frame, receivedAtMs) =>
    set((state) => {
      // A new run starts a new chart rather than joining two unrelated time axes.
      const previous = state.runId === frame.runId ? state.points : []
      const next = previous.length >= MAX_POINTS ? previous.slice(previous.length - MAX_POINTS + 1) : previous.slice()
      next.push({ simTimeS: frame.simTimeS, voltageV: frame.stack.voltageV, powerMw: frame.stack.powerW * 1000 })
      return { points: next, lastFrameAtMs: receivedAtMs, runId: frame.runId }
    }),
}))
