import { FIRST_STACK_COLUMNS } from './channels.js'
import { createRollupWriter } from './rollups.js'
import type { Migration } from '../store/migrations.js'

/**
 * The telemetry module's tables. A run is a row of `runs` (its uuid is the public id, `id` the compact
 * key the telemetry rows use). Frames and cell samples are stored wide, one row per frame and per cell
 * per frame, keyed so that a run's range and a cell's series are index range scans. Rollups hold the
 * per-bucket (5 s and 60 s simulated) min/mean/max of every channel and outlive the raw rows (retention).
 * No foreign keys on the telemetry rows: they are written in bulk and deleted with their run.
 */
export const telemetryMigrations: Migration[] = [
  {
    module: 'telemetry',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          seed INTEGER NOT NULL,
          controller TEXT NOT NULL,
          cells INTEGER NOT NULL,
          config_json TEXT NOT NULL,
          started_at_ms REAL NOT NULL,
          ended_at_ms REAL,
          end_state TEXT,
          notes TEXT NOT NULL DEFAULT '',
          frames INTEGER NOT NULL DEFAULT 0,
          last_seq INTEGER,
          last_sim_time_s REAL NOT NULL DEFAULT 0,
          rolled_through_bucket INTEGER NOT NULL DEFAULT -1
        );
        CREATE INDEX runs_started ON runs(started_at_ms);
        CREATE TABLE telemetry_frames (
          run INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          sim_time_s REAL NOT NULL,
          wall_time_ms REAL NOT NULL,
          state TEXT NOT NULL,
          controller TEXT NOT NULL,
          voltage_v REAL, current_a REAL, power_w REAL,
          load_connected INTEGER, load_ohm REAL, feed_l_per_day REAL, temperature_k REAL,
          PRIMARY KEY (run, seq)
        ) WITHOUT ROWID;
        CREATE INDEX telemetry_frames_time ON telemetry_frames(run, sim_time_s);
        CREATE INDEX telemetry_frames_wall ON telemetry_frames(wall_time_ms);
        CREATE TABLE telemetry_cells (
          run INTEGER NOT NULL,
          cell INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          sim_time_s REAL NOT NULL,
          voltage_v REAL, current_a REAL, power_w REAL, substrate_mg_l REAL, anode_loss_v REAL, internal_ohm REAL,
          alarms INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (run, cell, seq)
        ) WITHOUT ROWID;
        CREATE TABLE telemetry_rollups (
          run INTEGER NOT NULL,
          channel TEXT NOT NULL,
          cell INTEGER NOT NULL,
          bucket INTEGER NOT NULL,
          n INTEGER NOT NULL,
          min REAL, mean REAL, max REAL,
          PRIMARY KEY (run, channel, cell, bucket)
        ) WITHOUT ROWID;
      `),
  },
  {
    // Rollups gain a level (5 s besides 60 s) and per-level progress; existing runs are rolled up again.
    module: 'telemetry',
    version: 2,
    up: (db) => {
      db.exec(`
        DROP TABLE telemetry_rollups;
        ALTER TABLE runs DROP COLUMN rolled_through_bucket;
        CREATE TABLE telemetry_rollups (
          run INTEGER NOT NULL,
          level INTEGER NOT NULL,
          channel TEXT NOT NULL,
          cell INTEGER NOT NULL,
          bucket INTEGER NOT NULL,
          n INTEGER NOT NULL,
          min REAL, mean REAL, max REAL,
          PRIMARY KEY (run, level, channel, cell, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE telemetry_rollup_marks (
          run INTEGER NOT NULL,
          level INTEGER NOT NULL,
          through_bucket INTEGER NOT NULL,
          PRIMARY KEY (run, level)
        ) WITHOUT ROWID;
      `)
      const writer = createRollupWriter(db, FIRST_STACK_COLUMNS)
      for (const run of db
        .prepare<[], { id: number; cells: number; lastSimS: number; ended: number }>(
          'SELECT id, cells, last_sim_time_s AS lastSimS, ended_at_ms IS NOT NULL AS ended FROM runs',
        )
        .all()) {
        writer.rollUp({ id: run.id, cells: run.cells, marks: writer.marksOf(run.id) }, run.lastSimS, run.ended === 1)
      }
    },
  },
  {
    // Runs say where their frames came from (docs/instruments.md): every run before this was simulated.
    module: 'telemetry',
    version: 3,
    up: (db) => db.exec(`ALTER TABLE runs ADD COLUMN source TEXT NOT NULL DEFAULT 'simulation'`),
  },
  {
    // Actual load and feed beside the commanded ones (docs/operator-ui.md "Truthful state"); older rows have none.
    module: 'telemetry',
    version: 4,
    up: (db) =>
      db.exec(`
        ALTER TABLE telemetry_frames ADD COLUMN load_actual_ohm REAL;
        ALTER TABLE telemetry_frames ADD COLUMN feed_actual_l_per_day REAL;
      `),
  },
  {
    // Station events with their run (run-events.ts): marks of recorded runs, the export's event columns.
    module: 'telemetry',
    version: 5,
    up: (db) =>
      db.exec(`
        CREATE TABLE telemetry_events (
          run INTEGER NOT NULL,
          wall_time_ms REAL NOT NULL,
          sim_time_s REAL NOT NULL,
          kind TEXT NOT NULL,
          message_json TEXT NOT NULL
        );
        CREATE INDEX telemetry_events_run ON telemetry_events(run, sim_time_s);
      `),
  },
  {
    // The stack's pH on hardware (docs/control.md "pH"); simulated runs and older rows have none.
    module: 'telemetry',
    version: 6,
    up: (db) => db.exec('ALTER TABLE telemetry_frames ADD COLUMN ph REAL'),
  },
]
