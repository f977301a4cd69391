import type { RunState } from '../../../server/contract/simulation'
import type { StreamStatus } from '../api/stream-client'
import { useConnection, useSimulation, useTelemetry } from '../store'
import { useNow } from './use-now'

/** A running station sends 10 frames a second; data older than this is no longer "now" even on an open socket. */
export const STALE_AFTER_MS = 3000

/** Whether what the page shows is the station's present, and if not why and how old it is. */
export type Freshness = { stale: boolean; reason: string | undefined; ageMs: number | undefined }

/**
 * Stale: the connection is not live, the run is idle, stopped or finished (its last values are history),
 * or a running station has sent nothing for a while. A paused run is current: it is not moving.
 */
export function freshnessOf(input: {
  connection: StreamStatus
  runState: RunState | undefined
  lastFrameAtMs: number | undefined
  nowMs: number
}): Freshness {
  const ageMs = input.lastFrameAtMs === undefined ? undefined : Math.max(0, input.nowMs - input.lastFrameAtMs)
  const reason =
    input.connection !== 'live'
      ? input.connection
      : input.runState === 'idle' || input.runState === 'stopped' || input.runState === 'finished'
        ? `run ${input.runState}`
        : input.runState === 'running' && (ageMs === undefined || ageMs > STALE_AFTER_MS)
          ? 'no new data'
          : undefined
  return { stale: reason !== undefined, reason, ageMs }
}

/** The page's freshness, re-evaluated every second (ages tick). */
export function useFreshness(): Freshness {
  const connection = useConnection((s) => s.status)
  const runState = useSimulation((s) => s.status?.state)
  const lastFrameAtMs = useTelemetry((s) => s.lastFrameAtMs)
  const nowMs = useNow(1000)
  return freshnessOf({ connection, runState, lastFrameAtMs, nowMs })
}
