import type { TelemetryFrame } from '../contract/stream.js'

export type RingEntry = { frame: TelemetryFrame; data: Buffer }

export type ReplayPlan = {
  entries: RingEntry[]
  /** Every missed frame is in `entries`. */
  complete: boolean
  /** Frames up to this seq (same run) must come from the history API; null when none or unknown. */
  historyToSeq: number | null
}

/**
 * The newest full frames of the current run, for clients that reconnect with their last sequence
 * number. Bounded by frame count; a new run empties it (its frames are a different sequence).
 */
export function createResumeRing(capacity: number) {
  const ring: Array<RingEntry | undefined> = new Array<RingEntry | undefined>(capacity)
  let start = 0
  let size = 0
  let runId: string | undefined

  const at = (i: number) => ring[(start + i) % capacity]!

  return {
    push(entry: RingEntry): void {
      if (capacity === 0) return
      if (entry.frame.runId !== runId) {
        runId = entry.frame.runId
        ring.fill(undefined)
        start = 0
        size = 0
      }
      if (size < capacity) {
        ring[(start + size) % capacity] = entry
        size += 1
      } else {
        ring[start] = entry
        start = (start + 1) % capacity
      }
    },
    /** Frames after `afterSeq` of `forRunId`, newest last, at most `maxBytes` of them (the newest). */
    since(forRunId: string, afterSeq: number, maxBytes: number): ReplayPlan {
      if (forRunId !== runId) return { entries: [], complete: false, historyToSeq: null }
      const entries: RingEntry[] = []
      let bytes = 0
      for (let i = size - 1; i >= 0; i -= 1) {
        const entry = at(i)
        if (entry.frame.seq <= afterSeq) break
        if (bytes + entry.data.length > maxBytes) break
        bytes += entry.data.length
        entries.push(entry)
      }
      entries.reverse()
      const firstSeq = entries[0]?.frame.seq ?? (size > 0 ? at(size - 1).frame.seq + 1 : afterSeq + 1)
      const complete = firstSeq <= afterSeq + 1
      return { entries, complete, historyToSeq: complete ? null : firstSeq - 1 }
    },
    size: () => size,
  }
}
