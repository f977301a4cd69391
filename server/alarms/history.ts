import type { AlarmHistoryEntry } from '../contract/alarms.js'
import type { Db } from '../store/database.js'
import type { Migration } from '../store/migrations.js'

/** The alarm history's table (module `alarms`): one row per transition, queried by time. */
export const alarmMigrations: Migration[] = [
  {
    module: 'alarms',
    version: 1,
    up: (db) =>
      db.exec(`CREATE TABLE alarm_history (
        id INTEGER PRIMARY KEY,
        alarm_id TEXT NOT NULL,
        action TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        wall_time_ms REAL NOT NULL,
        sim_time_s REAL,
        run_id TEXT,
        by TEXT
      );
      CREATE INDEX alarm_history_time ON alarm_history (wall_time_ms);
      CREATE INDEX alarm_history_alarm ON alarm_history (alarm_id, wall_time_ms);`),
  },
]

type Row = {
  alarmId: string
  action: AlarmHistoryEntry['action']
  severity: AlarmHistoryEntry['severity']
  message: string
  wallTimeMs: number
  simTimeS: number | null
  runId: string | null
  by: string | null
}

/** Writes and reads the alarm history. */
export function createAlarmHistory(db: Db) {
  const insert = db.prepare<Row>(
    `INSERT INTO alarm_history (alarm_id, action, severity, message, wall_time_ms, sim_time_s, run_id, by)
     VALUES (@alarmId, @action, @severity, @message, @wallTimeMs, @simTimeS, @runId, @by)`,
  )
  const select = db.prepare<{ from: number; to: number; alarmId: string | null; limit: number }, Row>(
    `SELECT alarm_id AS alarmId, action, severity, message, wall_time_ms AS wallTimeMs, sim_time_s AS simTimeS,
            run_id AS runId, by
     FROM alarm_history
     WHERE wall_time_ms >= @from AND wall_time_ms <= @to AND (@alarmId IS NULL OR alarm_id = @alarmId)
     ORDER BY wall_time_ms DESC, id DESC LIMIT @limit`,
  )
  return {
    record: (entry: AlarmHistoryEntry) => void insert.run(entry),
    /** Newest first. */
    query: (range: { from: number; to: number; alarmId?: string; limit: number }): AlarmHistoryEntry[] =>
      select.all({ ...range, alarmId: range.alarmId ?? null }),
  }
}

export type AlarmHistory = ReturnType<typeof createAlarmHistory>
