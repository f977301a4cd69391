import type { RecordingStatus } from '../contract/telemetry.js'
import type { EventMessage, TelemetryFrame } from '../contract/stream.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Db } from '../store/database.js'
import { createRecorderWrites, type PendingWrite, type RunDescription } from './recorder-writes.js'

export type { RunDescription } from './recorder-writes.js'

export type RecorderOptions = {
  db: Db
  log: Logger
  /** The current run's metadata (the simulation service's status and config). */
  describeRun: () => RunDescription
  clock: Clock
  /** Commit period; a crash loses at most this much telemetry (the design allows 1 s). */
  batchMs?: number
  /** Frames kept in memory while the database refuses writes; the oldest go beyond it. */
  maxPendingFrames?: number
  /** Called when recording starts failing or recovers (the station raises an alarm event). */
  onStateChange?: (status: RecordingStatus) => void
  retentionDays?: number
}

export type TelemetryRecorder = ReturnType<typeof createTelemetryRecorder>

/** How a station event ends the current run: a stop or the run's end closes it, another run's state replaces it. */
function runEndOf(message: EventMessage, currentRunId: string): string | undefined {
  const { event } = message
  if (event.kind !== 'run-state') return undefined
  if (event.runId !== currentRunId) return 'replaced'
  return event.state === 'stopped' || event.state === 'finished' ? event.state : undefined
}

/** The queue of writes waiting for the next commit, bounded in frames: the oldest frames go, runs' starts and ends stay. */
function createPendingQueue(maxPending: number) {
  let items: PendingWrite[] = []
  let frames = 0
  return {
    push(item: PendingWrite): void {
      items.push(item)
      if (item.kind === 'frame') frames += 1
    },
    frames: () => frames,
    /** Hands the queued writes over and empties the queue; `restore` puts them back when the commit failed. */
    take(): PendingWrite[] {
      const taken = items
      items = []
      frames = 0
      return taken
    },
    restore(taken: PendingWrite[], takenFrames: number): void {
      items = taken.concat(items)
      frames += takenFrames
    },
    /** Drops the oldest frames beyond the bound and answers how many went. */
    dropOverflow(): number {
      if (frames <= maxPending) return 0
      const lost = frames - maxPending
      let excess = lost
      items = items.filter((item) => {
        if (excess === 0 || item.kind !== 'frame') return true
        excess -= 1
        return false
      })
      frames = maxPending
      return lost
    },
  }
}

/**
 * Records runs and telemetry frames to SQLite in batched transactions: record() only queues, a timer
 * commits every batchMs. A failing database (disk full, read-only data dir) never reaches the live
 * stream: the batch stays queued (bounded), the state turns `failing` and is reported once, and the
 * next commit retries.
 */
export function createTelemetryRecorder(options: RecorderOptions) {
  const { log } = options
  const writes = createRecorderWrites(options.db, log)
  const queue = createPendingQueue(options.maxPendingFrames ?? 100_000)
  let currentRunId: string | undefined
  let status: RecordingStatus = {
    state: 'recording',
    framesWritten: 0,
    batchesWritten: 0,
    pendingFrames: 0,
    framesLost: 0,
    lastError: null,
    retentionDays: options.retentionDays ?? 0,
  }
  const current = (): RecordingStatus => ({ ...status, pendingFrames: queue.frames() })

  const setState = (next: RecordingStatus['state'], error: string | null) => {
    const changed = status.state !== next
    status = { ...status, state: next, lastError: error ?? status.lastError }
    if (changed) options.onStateChange?.(current())
  }

  const dropOverflow = () => {
    const lost = queue.dropOverflow()
    if (lost > 0) status = { ...status, framesLost: status.framesLost + lost }
  }

  function flush(): void {
    const frames = queue.frames()
    const items = queue.take()
    if (items.length === 0) return
    try {
      writes.write(items)
      status = { ...status, framesWritten: status.framesWritten + frames, batchesWritten: status.batchesWritten + 1 }
      setState('recording', null)
    } catch (error) {
      queue.restore(items, frames)
      const message = error instanceof Error ? error.message : String(error)
      if (status.state !== 'failing')
        log.error(`recorder: cannot write telemetry (${message}); frames wait in memory and the live stream goes on`)
      setState('failing', message)
      dropOverflow()
    }
  }

  const recordFrame = (frame: TelemetryFrame): void => {
    if (frame.runId !== currentRunId) {
      if (currentRunId !== undefined)
        queue.push({ kind: 'end', runId: currentRunId, state: 'replaced', atMs: frame.wallTimeMs })
      currentRunId = frame.runId
      queue.push({ kind: 'start', runId: frame.runId, description: options.describeRun(), atMs: frame.wallTimeMs })
    }
    queue.push({ kind: 'frame', frame })
    dropOverflow()
  }

  const recordEvent = (message: EventMessage): void => {
    const { runId, simTimeS } = message
    if (runId !== undefined && simTimeS !== undefined)
      queue.push({ kind: 'event', runId, message: { ...message, simTimeS } })
    if (currentRunId === undefined) return
    const ended = runEndOf(message, currentRunId)
    if (ended === undefined) return
    queue.push({ kind: 'end', runId: currentRunId, state: ended, atMs: message.wallTimeMs })
    currentRunId = undefined
  }

  const timer = options.clock.setInterval(flush, options.batchMs ?? 500)

  return {
    /** Queues a frame, a run's event or a run-state change; never throws and never touches the database itself. */
    record(message: TelemetryFrame | EventMessage): void {
      if (message.type === 'telemetry') recordFrame(message)
      else recordEvent(message)
    },
    flush,
    status: current,
    /** Commits what is queued and stops the timer; the database stays open (its owner closes it). */
    close(): void {
      options.clock.clearInterval(timer)
      if (currentRunId !== undefined)
        queue.push({ kind: 'end', runId: currentRunId, state: 'interrupted', atMs: options.clock.now() })
      currentRunId = undefined
      flush()
    },
  }
}
