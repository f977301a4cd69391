import type { EventMessage, TelemetryFrame, TelemetrySource } from '../contract/stream.js'
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

/** One queued write: a frame, a run's start or end, or an event recorded with its run. */
export type PendingWrite =
  | { kind: 'frame'; frame: TelemetryFrame }
  | { kind: 'start'; runId: string; description: RunDescription; atMs: number }
  | { kind: 'end'; runId: string; state: string; atMs: number }
  | { kind: 'event'; runId: string; message: EventMessage & { simTimeS: number } }

type RunKey = RollupRun & { lastSimS: number }

const ALARM_BITS: Record<string, number> = { 'voltage-reversal': 1, 'substrate-depleted': 2, 'out-of-range': 4 }

function prepareStatements(db: Db) {
  return {
    insertRun: db.prepare(
      'INSERT OR IGNORE INTO runs (run_id, source, name, seed, controller, cells, config_json, started_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // A run seen again (the recorder restarted under supervision mid-run) is open again.
    reopenRun: db.prepare('UPDATE runs SET ended_at_ms = NULL, end_state = NULL WHERE run_id = ?'),
    findRun: db.prepare<[string], { id: number; cells: number; lastSimS: number }>(
      'SELECT id, cells, last_sim_time_s AS lastSimS FROM runs WHERE run_id = ?',
    ),
    insertFrame: db.prepare(
      'INSERT OR REPLACE INTO telemetry_frames (run, seq, sim_time_s, wall_time_ms, state, controller, voltage_v, current_a, power_w, load_connected, load_ohm, feed_l_per_day, temperature_k, load_actual_ohm, feed_actual_l_per_day, ph) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertCell: db.prepare(
      'INSERT OR REPLACE INTO telemetry_cells (run, cell, seq, sim_time_s, voltage_v, current_a, power_w, substrate_mg_l, anode_loss_v, internal_ohm, alarms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    progress: db.prepare('UPDATE runs SET frames = frames + ?, last_seq = ?, last_sim_time_s = ? WHERE id = ?'),
    endRun: db.prepare('UPDATE runs SET ended_at_ms = ?, end_state = ? WHERE id = ? AND ended_at_ms IS NULL'),
  }
}

type Statements = ReturnType<typeof prepareStatements>

function writeFrame(statements: Statements, run: number, frame: TelemetryFrame): void {
  const { stack } = frame
  statements.insertFrame.run(
    run,
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
    statements.insertCell.run(
      run,
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
}

/** Runs a previous process left open ended with it (crash, kill -9, power loss). */
function closeInterruptedRuns(db: Db, log: Logger): void {
  const interrupted = db
    .prepare(
      "UPDATE runs SET ended_at_ms = COALESCE((SELECT MAX(wall_time_ms) FROM telemetry_frames WHERE run = runs.id), started_at_ms), end_state = 'interrupted' WHERE ended_at_ms IS NULL",
    )
    .run()
  if (interrupted.changes > 0)
    log.info(`recorder: ${interrupted.changes} run(s) from an earlier process marked interrupted`)
}

/**
 * The recorder's database side: one transaction per batch of queued writes, the run keys cached between
 * batches, complete rollup buckets written as frames arrive so long-range history never scans raw rows.
 */
export function createRecorderWrites(db: Db, log: Logger) {
  const statements = prepareStatements(db)
  const rollups = createRollupWriter(db)
  const runEvents = createRunEventStore(db)
  const keys = new Map<string, RunKey>()
  closeInterruptedRuns(db, log)

  const keyOf = (runId: string): RunKey => {
    let key = keys.get(runId)
    if (!key) {
      const row = statements.findRun.get(runId)
      if (!row) throw new Error(`run ${runId} has no record`)
      key = { ...row, marks: rollups.marksOf(row.id) }
      keys.set(runId, key)
    }
    return key
  }

  const startRun = ({ runId, description, atMs }: Extract<PendingWrite, { kind: 'start' }>): void => {
    const { source, name, seed, controller, cells, config } = description
    const inserted = statements.insertRun.run(
      runId,
      source,
      name,
      seed,
      controller,
      cells,
      JSON.stringify(config),
      atMs,
    )
    if (inserted.changes === 0) statements.reopenRun.run(runId)
  }

  const write = db.transaction((items: PendingWrite[]) => {
    const touched = new Map<number, { seq: number; simS: number; frames: number; key: RunKey }>()
    for (const item of items) {
      if (item.kind === 'start') startRun(item)
      else if (item.kind === 'event') {
        // An event of a run that has no frame recorded yet has no row to belong to.
        const row = keys.get(item.runId) ?? statements.findRun.get(item.runId)
        if (row) runEvents.write(row.id, item.message)
      } else if (item.kind === 'end') {
        const key = keyOf(item.runId)
        rollups.rollUp(key, key.lastSimS, true)
        statements.endRun.run(item.atMs, item.state, key.id)
      } else {
        const key = keyOf(item.frame.runId)
        writeFrame(statements, key.id, item.frame)
        key.lastSimS = item.frame.simTimeS
        const frames = (touched.get(key.id)?.frames ?? 0) + 1
        touched.set(key.id, { seq: item.frame.seq, simS: item.frame.simTimeS, frames, key })
      }
    }
    for (const [id, { seq, simS, frames, key }] of touched) {
      statements.progress.run(frames, seq, simS, id)
      rollups.rollUp(key, simS, false)
    }
  })

  return {
    /** Commits the batch in one transaction; throws (rolled back) when the database refuses it. */
    write(items: PendingWrite[]): void {
      try {
        write(items)
      } catch (error) {
        // The transaction rolled back: cached run keys may name rows that were never committed.
        keys.clear()
        throw error
      }
    },
  }
}
