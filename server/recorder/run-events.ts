import type { EventMessage } from '../contract/stream.js'
import type { Db } from '../store/database.js'

export type RunEventStore = ReturnType<typeof createRunEventStore>

/** At most this many events are read back for one run (chart marks, the CSV's event column). */
export const MAX_RUN_EVENTS = 10_000

/**
 * Station events stamped with a run (run state, controller, faults, alarms: docs/stream-protocol.md) are
 * stored with it, so a recorded run gets its chart marks and its export its event and fault columns.
 */
export function createRunEventStore(db: Db) {
  const insert = db.prepare(
    'INSERT INTO telemetry_events (run, wall_time_ms, sim_time_s, kind, message_json) VALUES (?, ?, ?, ?, ?)',
  )
  const select = db.prepare<[number, number], { message_json: string }>(
    'SELECT message_json FROM telemetry_events WHERE run = ? ORDER BY sim_time_s, wall_time_ms, rowid LIMIT ?',
  )
  return {
    /** Stores one event of the run with compact key `run` (inside the recorder's transaction). */
    write(run: number, message: EventMessage & { simTimeS: number }): void {
      insert.run(run, message.wallTimeMs, message.simTimeS, message.event.kind, JSON.stringify(message))
    },
    /** The run's events in run time order. */
    read(run: number): EventMessage[] {
      return select.all(run, MAX_RUN_EVENTS).map((row) => JSON.parse(row.message_json) as EventMessage)
    },
  }
}
