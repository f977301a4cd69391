import { describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database.js'
import { createHistoryReader } from './history.js'
import { telemetryMigrations } from './schema.js'

describe('run order', () => {
  it('lists runs newest recorded first, even when an earlier one was stamped by a clock that ran ahead', () => {
    const db = openDatabase(':memory:', telemetryMigrations)
    const insert = db.prepare(
      "INSERT INTO runs (run_id, name, seed, controller, cells, config_json, started_at_ms) VALUES (?, ?, 1, 'fixed', 1, '{}', ?)",
    )
    insert.run('from-the-future', 'clock ahead', Date.UTC(2031, 0, 1))
    insert.run('after-the-fix', 'clock right', Date.UTC(2026, 0, 1))
    const history = createHistoryReader(db)
    expect(history.listRuns(10, 0).runs.map((run) => run.runId)).toEqual(['after-the-fix', 'from-the-future'])
    db.close()
  })
})
