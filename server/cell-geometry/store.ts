import type { GeometryEdits } from '../lab-metrics/geometry.js'
import type { Migration } from '../store/migrations.js'
import type { Db } from '../store/database.js'

/**
 * Edited cell sizes of hardware runs, a table of their own (docs/lab-metrics.md "Editing cell geometry"):
 * an edit never touches the recorded frames or the run's stored configuration. A NULL keeps the configured
 * value of that key.
 */
export const cellGeometryMigrations: Migration[] = [
  {
    module: 'cell-geometry',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE cell_geometry_edits (
          run_id TEXT NOT NULL,
          cell INTEGER NOT NULL,
          anode_area_cm2 REAL,
          anode_volume_l REAL,
          edited_by TEXT NOT NULL,
          edited_at_ms INTEGER NOT NULL,
          PRIMARY KEY (run_id, cell)
        )
      `),
  },
]

type Row = { cell: number; anode_area_cm2: number | null; anode_volume_l: number | null }
export type CellEdit = { cell: number; anodeAreaCm2?: number | undefined; anodeVolumeL?: number | undefined }

/**
 * Reads and writes the edits. Reads are kept per run until the next write, and each write makes a new
 * object: readers (the lab metrics' reuse) can tell an edit happened by identity.
 */
export function createGeometryEditStore(db: Db) {
  const select = db.prepare<[string], Row>(
    'SELECT cell, anode_area_cm2, anode_volume_l FROM cell_geometry_edits WHERE run_id = ? ORDER BY cell',
  )
  const upsert = db.prepare<{
    runId: string
    cell: number
    area: number | null
    volume: number | null
    by: string
    at: number
  }>(
    `INSERT INTO cell_geometry_edits (run_id, cell, anode_area_cm2, anode_volume_l, edited_by, edited_at_ms)
     VALUES (@runId, @cell, @area, @volume, @by, @at)
     ON CONFLICT (run_id, cell) DO UPDATE SET
       anode_area_cm2 = COALESCE(@area, anode_area_cm2),
       anode_volume_l = COALESCE(@volume, anode_volume_l),
       edited_by = @by, edited_at_ms = @at`,
  )
  const cache = new Map<string, GeometryEdits>()
  const read = (runId: string): GeometryEdits => {
    const known = cache.get(runId)
    if (known) return known
    const edits: GeometryEdits = new Map(
      select.all(runId).map((row) => [
        row.cell,
        {
          ...(row.anode_area_cm2 === null ? {} : { anodeAreaCm2: row.anode_area_cm2 }),
          ...(row.anode_volume_l === null ? {} : { anodeVolumeL: row.anode_volume_l }),
        },
      ]),
    )
    cache.set(runId, edits)
    return edits
  }
  const write = db.transaction((runId: string, cells: readonly CellEdit[], by: string, at: number) => {
    for (const edit of cells)
      upsert.run({ runId, cell: edit.cell, area: edit.anodeAreaCm2 ?? null, volume: edit.anodeVolumeL ?? null, by, at })
  })
  return {
    read,
    write(runId: string, cells: readonly CellEdit[], by: string, atMs: number): void {
      cache.delete(runId)
      write(runId, cells, by, atMs)
    },
  }
}
export type GeometryEditStore = ReturnType<typeof createGeometryEditStore>
