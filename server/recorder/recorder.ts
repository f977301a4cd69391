import type { RecordingStatus } from '../contract/telemetry.js'
import type { EventMessage, TelemetryFrame, TelemetrySource } from '../contract/stream.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Db } from '../store/database.js'
import { createRollupWriter, type RollupRun } from './rollups.js'
import { createRunEventStore } from './run-events.js'

/** What the recorder stores about a run when its first frame arrives. */
export type RunDescription = {
  source: TelemetrySource
  name: string
  seed: number
  controller: string
  cells: number
  config: unknown
}

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

type Pending =
  | { kind: 'frame'; frame: TelemetryFrame }
  | { kind: 'start'; runId: string; description: RunDescription; atMs: number }
  | { kind: 'end'; runId: string; state: string; atMs: number }
  | { kind: 'event'; runId: string; message: EventMessage & { simTimeS: number } }

const ALARM_BITS: Record<string, number> = { 'voltage-reversal': 1, 'substrate-depleted': 2, 'out-of-range': 4 }

/**
 * Records runs and telemetry frames to SQLite in batched transactions: record() only queues, a timer
 * commits every batchMs. A failing database (disk full, read-only data dir) never reaches the live
 * stream: the batch stays queued (bounded), the state turns `failing` and is reported once, and the
 * next commit retries.
 */
export function createTelemetryRecorder(options: RecorderOptions) {
  const { db, log } = options
  const batchMs = options.batchMs ?? 500
  const maxPending = options.maxPendingFrames ?? 100_000
  let pending: Pending[] = []
  let pendingFrames = 0
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
  const keys = new Map<string, RollupRun & { lastSimS: number }>()

  const insertRun = db.prepare(
    'INSERT OR IGNORE INTO runs (run_id, source, name, seed, controller, cells, config_json, started_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  // A run seen again (this recorder restarted under supervision mid-run) is open again.
  const reopenRun = db.prepare('UPDATE runs SET ended_at_ms = NULL, end_state = NULL WHERE run_id = ?')
  const findRun = db.prepare<[string], { id: number; cells: number; lastSimS: number }>(
    'SELECT id, cells, last_sim_time_s AS lastSimS FROM runs WHERE run_id = ?',
  )
  const insertFrame = db.prepare(
    'INSERT OR REPLACE INTO telemetry_frames (run, seq, sim_time_s, wall_time_ms, state, controller, voltage_v, current_a, power_w, load_connected, load_ohm, feed_l_per_day, temperature_k, load_actual_ohm, feed_actual_l_per_day, ph) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertCell = db.prepare(
    'INSERT OR REPLACE INTO telemetry_cells (run, cell, seq, sim_time_s, voltage_v, current_a, power_w, substrate_mg_l, anode_loss_v, internal_ohm, alarms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const progress = db.prepare('UPDATE runs SET frames = frames + ?, last_seq = ?, last_sim_time_s = ? WHERE id = ?')
  const endRun = db.prepare('UPDATE runs SET ended_at_ms = ?, end_state = ? WHERE id = ? AND ended_at_ms IS NULL')
  const rollups = createRollupWriter(db)
  const runEvents = createRunEventStore(db)

  // Runs a previous process left open ended with it (crash, kill -9, power loss).
  const interrupted = db
    .prepare(
      "UPDATE runs SET ended_at_ms = COALESCE((SELECT MAX(wall_time_ms) FROM telemetry_frames WHERE run = runs.id), started_at_ms), end_state = 'interrupted' WHERE ended_at_ms IS NULL",
    )
    .run()
  if (interrupted.changes > 0)
    log.info(`recorder: ${interrupted.changes} run(s) from an earlier process marked interrupted`)

  const keyOf = (runId: string) => {
    let key = keys.get(runId)
    if (!key) {
      const row = findRun.get(runId)
      if (!row) throw new Error(`run ${runId} has no record`)
      key = { ...row, marks: rollups.marksOf(row.id) }
      keys.set(runId, key)
    }
    return key
  }

  const write = db.transaction((items: Pending[]) => {
    const touched = new Map<number, { seq: number; simS: number; frames: number; key: ReturnType<typeof keyOf> }>()
    for (const item of items) {
      if (item.kind === 'start') {
        const { source, name, seed, controller, cells, config } = item.description
        const inserted = insertRun.run(
          item.runId,
          source,
          name,
          seed,
          controller,
          cells,
          JSON.stringify(config),
          item.atMs,
        )
        if (inserted.changes === 0) reopenRun.run(item.runId)
      } else if (item.kind === 'event') {
        // An event of a run that has no frame recorded yet has no row to belong to.
        const row = keys.get(item.runId) ?? findRun.get(item.runId)
        if (row) runEvents.write(row.id, item.message)
      } else if (item.kind === 'end') {
        const key = keyOf(item.runId)
        rollups.rollUp(key, key.lastSimS, true)
        endRun.run(item.atMs, item.state, key.id)
      } else {
        const { frame } = item
        const key = keyOf(frame.runId)
        const { stack } = frame
        insertFrame.run(
          key.id,
          frame.seq,
          frame.simTimeS,
          frame.wallTimeMs,
          frame.state,
          frame.controller,
          stack.voltageV ?? null,
          stack.currentA ?? null,
          stack.powerW ?? null,
          stack.loadConnected === undefined ? null : Number(stack.loadConnected),
          stack.loadOhm ?? null,
          stack.feedLPerDay ?? null,
          stack.temperatureK ?? null,
          stack.loadActualOhm ?? null,
          stack.feedActualLPerDay ?? null,
          stack.ph ?? null,
        )
        frame.cells.forEach((cell, index) => {
          const alarms = cell.alarms.reduce((bits, alarm) => bits | (ALARM_BITS[alarm] ?? 0), 0)
          insertCell.run(
            key.id,
            index,
            frame.seq,
            frame.simTimeS,
            cell.voltageV ?? null,
            cell.currentA ?? null,
            cell.powerW ?? null,
            cell.substrateMgL ?? null,
            cell.anodeLossV ?? null,
            cell.internalOhm ?? null,
            alarms,
          )
        })
        key.lastSimS = frame.simTimeS
        const seen = touched.get(key.id) ?? { seq: frame.seq, simS: frame.simTimeS, frames: 0, key }
        touched.set(key.id, { seq: frame.seq, simS: frame.simTimeS, frames: seen.frames + 1, key })
      }
    }
    for (const [id, { seq, simS, frames, key }] of touched) {
      progress.run(frames, seq, simS, id)
      // Buckets that are complete get their rollups now, so long-range history never scans raw rows.
      rollups.rollUp(key, simS, false)
    }
  })

  const setState = (next: RecordingStatus['state'], error: string | null) => {
    const changed = status.state !== next
    status = { ...status, state: next, lastError: error ?? status.lastError }
    if (changed) options.onStateChange?.({ ...status, pendingFrames })
  }

  function flush(): void {
    if (pending.length === 0) return
    const items = pending
    try {
      write(items)
      pending = []
      status = {
        ...status,
        framesWritten: status.framesWritten + pendingFrames,
        batchesWritten: status.batchesWritten + 1,
      }
      pendingFrames = 0
      setState('recording', null)
    } catch (error) {
      // The transaction rolled back: cached run keys may name rows that were never committed.
      keys.clear()
      const message = error instanceof Error ? error.message : String(error)
      if (status.state !== 'failing')
        log.error(`recorder: cannot write telemetry (${message}); frames wait in memory and the live stream goes on`)
      setState('failing', message)
      dropOverflow()
    }
  }

  /** Bounded memory while failing: the oldest frames go, run starts and ends are kept. */
  function dropOverflow(): void {
    if (pendingFrames <= maxPending) return
    let excess = pendingFrames - maxPending
    pending = pending.filter((item) => {
      if (excess === 0 || item.kind !== 'frame') return true
      excess -= 1
      return false
    })
    status = { ...status, framesLost: status.framesLost + (pendingFrames - maxPending) }
    pendingFrames = maxPending
  }

  const timer = options.clock.setInterval(flush, batchMs)

  return {
    /** Queues a frame, a run's event or a run-state change; never throws and never touches the database itself. */
    record(message: TelemetryFrame | EventMessage): void {
      if (message.type === 'telemetry') {
        if (message.runId !== currentRunId) {
          if (currentRunId !== undefined)
            pending.push({ kind: 'end', runId: currentRunId, state: 'replaced', atMs: message.wallTimeMs })
          currentRunId = message.runId
          pending.push({
            kind: 'start',
            runId: message.runId,
            description: options.describeRun(),
            atMs: message.wallTimeMs,
          })
        }
        pending.push({ kind: 'frame', frame: message })
        pendingFrames += 1
        if (pendingFrames > maxPending) dropOverflow()
        return
      }
      const { event, runId, simTimeS } = message
      if (runId !== undefined && simTimeS !== undefined)
        pending.push({ kind: 'event', runId, message: { ...message, simTimeS } })
      if (event.kind !== 'run-state' || currentRunId === undefined) return
      // A stop or the end of the run closes it; any state of another run (a reset) replaces it.
      const ended =
        event.runId !== currentRunId
          ? 'replaced'
          : event.state === 'stopped' || event.state === 'finished'
            ? event.state
            : undefined
      if (ended === undefined) return
      pending.push({ kind: 'end', runId: currentRunId, state: ended, atMs: message.wallTimeMs })
      currentRunId = undefined
    },
    flush,
    status: (): RecordingStatus => ({ ...status, pendingFrames }),
    /** Commits what is queued and stops the timer; the database stays open (its owner closes it). */
    close(): void {
      options.clock.clearInterval(timer)
      if (currentRunId !== undefined)
        pending.push({ kind: 'end', runId: currentRunId, state: 'interrupted', atMs: options.clock.now() })
      currentRunId = undefined
      flush()
    },
  }
}
