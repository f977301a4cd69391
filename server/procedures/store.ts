import type { SavedProcedure, StoredSweep } from '../contract/procedures.js'
import type { Db } from '../store/database.js'
import type { Migration } from '../store/migrations.js'

/** Procedure definitions and the sweeps they measured, kept with the run they ran in (by its public id). */
export const procedureMigrations: Migration[] = [
  {
    module: 'procedures',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE procedures (
          id TEXT PRIMARY KEY,
          definition_json TEXT NOT NULL,
          updated_at_ms REAL NOT NULL,
          updated_by TEXT NOT NULL
        );
        CREATE TABLE procedure_sweeps (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL,
          procedure_id TEXT NOT NULL,
          started_at_ms REAL NOT NULL,
          sweep_json TEXT NOT NULL
        );
        CREATE INDEX procedure_sweeps_run ON procedure_sweeps(run_id, id);
      `),
  },
]

type ProcedureRow = { id: string; definition_json: string; updated_at_ms: number; updated_by: string }
type SweepRow = { id: number; run_id: string; procedure_id: string; sweep_json: string }

const procedureOf = (row: ProcedureRow): SavedProcedure => ({
  ...(JSON.parse(row.definition_json) as Omit<SavedProcedure, 'id' | 'updatedAtMs' | 'updatedBy'>),
  ...{ id: row.id, updatedAtMs: row.updated_at_ms, updatedBy: row.updated_by },
})
const sweepOf = (row: SweepRow): StoredSweep => ({
  ...(JSON.parse(row.sweep_json) as Omit<StoredSweep, 'id' | 'runId' | 'procedureId'>),
  ...{ id: row.id, runId: row.run_id, procedureId: row.procedure_id },
})

export type ProcedureStore = ReturnType<typeof createProcedureStore>

/** At most this many sweeps are listed for one run. */
const MAX_RUN_SWEEPS = 1000

export function createProcedureStore(db: Db) {
  const list = db.prepare<[], ProcedureRow>('SELECT * FROM procedures ORDER BY id')
  const get = db.prepare<[string], ProcedureRow>('SELECT * FROM procedures WHERE id = ?')
  const upsert = db.prepare(
    `INSERT INTO procedures (id, definition_json, updated_at_ms, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET definition_json = excluded.definition_json,
       updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by`,
  )
  const remove = db.prepare('DELETE FROM procedures WHERE id = ?')
  const insertSweep = db.prepare(
    'INSERT INTO procedure_sweeps (run_id, procedure_id, started_at_ms, sweep_json) VALUES (?, ?, ?, ?)',
  )
  const runSweeps = db.prepare<[string, number], SweepRow>(
    'SELECT * FROM procedure_sweeps WHERE run_id = ? ORDER BY id LIMIT ?',
  )
  const oneSweep = db.prepare<[string, number], SweepRow>('SELECT * FROM procedure_sweeps WHERE run_id = ? AND id = ?')
  return {
    list: () => list.all().map(procedureOf),
    get: (id: string) => {
      const row = get.get(id)
      return row ? procedureOf(row) : undefined
    },
    /** Saves a definition; true when it is new. */
    save(procedure: SavedProcedure): boolean {
      const { id, updatedAtMs, updatedBy, ...definition } = procedure
      const created = get.get(id) === undefined
      upsert.run(id, JSON.stringify(definition), updatedAtMs, updatedBy)
      return created
    },
    remove: (id: string) => remove.run(id).changes > 0,
    addSweep(sweep: Omit<StoredSweep, 'id'>): StoredSweep {
      const { runId, procedureId, ...stored } = sweep
      const id = Number(insertSweep.run(runId, procedureId, sweep.startedAtMs, JSON.stringify(stored)).lastInsertRowid)
      return { ...sweep, id }
    },
    sweeps: (runId: string) => runSweeps.all(runId, MAX_RUN_SWEEPS).map(sweepOf),
    sweep: (runId: string, id: number) => {
      const row = oneSweep.get(runId, id)
      return row ? sweepOf(row) : undefined
    },
  }
}
