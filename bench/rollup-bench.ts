import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Statement } from 'better-sqlite3'
import type { TelemetryFrame } from '../server/contract/stream.js'
import { silentLogger } from '../server/logger.js'
import {
  aggregateSql,
  CELL_COLUMNS,
  ROLLUP_LEVELS,
  STACK_COLUMNS,
  type ChannelColumn,
} from '../server/recorder/channels.js'
import { createTelemetryRecorder } from '../server/recorder/recorder.js'
import { createRollupWriter, rollupSql } from '../server/recorder/rollups.js'
import { telemetryMigrations } from '../server/recorder/schema.js'
import { openDatabase, type Db } from '../server/store/database.js'
import { createManualClock } from '../server/testing/manual-clock.js'

/*
 * The recorder's rollups alone, on a recorded run of N-cell frames `--step` simulated seconds apart (60 s: the
 * default 600x speed at 10 Hz), rolled up again batch by batch (5 frames: the live recorder's 500 ms commits)
 * in three statement shapes, in the same run: the station's (one INSERT ... SELECT per level for all cells,
 * channels unpivoted with UNION ALL), one such statement per channel, and the earlier shape as the baseline
 * (a GROUP BY per cell, then one INSERT per channel x cell x level from JavaScript).
 * Reproduce: npx tsc -b && node dist/bench/rollup-bench.js --cells 512 --frames 200
 */
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '512' },
    frames: { type: 'string', default: '200' },
    step: { type: 'string', default: '60' },
  },
})
const cells = Number(values.cells)
const frameCount = Number(values.frames)
const stepS = Number(values.step)
const BATCH = 5

function frame(seq: number): TelemetryFrame {
  const cell = (k: number) => ({
    ...{ voltageV: 0.5 + k / 1e4, currentA: 0.001, powerW: seq / 1e4 },
    ...{ substrateMgL: 20, anodeLossV: 0.1, internalOhm: 50, alarms: [] },
  })
  return {
    ...{ type: 'telemetry', source: 'simulation', runId: 'bench', seq, simTimeS: seq * stepS, wallTimeMs: seq },
    ...{ state: 'running', controller: 'fixed', cells: Array.from({ length: cells }, (_v, k) => cell(k)) },
    stack: { voltageV: 1, currentA: 0.001, powerW: 0.001, loadConnected: true, loadOhm: 100, feedLPerDay: 1 },
  }
}

/** The baseline: the rollup writer before this benchmark's change, statement for statement. */
function perRowShape(db: Db): (from: number, through: number) => void {
  const prepare = (table: string, level: number, columns: readonly ChannelColumn[]) =>
    db
      .prepare<unknown[]>(
        `SELECT CAST(sim_time_s / ${level} AS INTEGER) AS b, COUNT(*) AS n, ${aggregateSql(columns)} FROM ${table} AND seq BETWEEN ? AND ? GROUP BY b`,
      )
      .raw()
  const insert = db.prepare(
    'INSERT OR REPLACE INTO telemetry_rollups (run, level, channel, cell, bucket, n, min, mean, max) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const store = (level: number, cell: number, columns: readonly ChannelColumn[], rows: unknown[][]) => {
    for (const row of rows)
      columns.forEach(({ channel }, i) => {
        if (row[2 + i * 3] !== null)
          insert.run(level, channel, cell, row[0], row[1], row[2 + i * 3], row[3 + i * 3], row[4 + i * 3])
      })
  }
  const levels = ROLLUP_LEVELS.map((level) => ({
    level,
    cells: prepare('telemetry_cells WHERE run = 1 AND cell = ?', level, CELL_COLUMNS),
    stack: prepare('telemetry_frames WHERE run = 1', level, STACK_COLUMNS),
  }))
  return (from, through) => {
    for (const { level, cells: perCell, stack } of levels) {
      for (let cell = 0; cell < cells; cell += 1)
        store(level, cell, CELL_COLUMNS, perCell.all(cell, from, through) as unknown[][])
      store(level, -1, STACK_COLUMNS, stack.all(from, through) as unknown[][])
    }
  }
}

function perChannelShape(db: Db): (from: number, through: number) => void {
  const statements: Array<{ statement: Statement<[Record<string, number>]>; stack: boolean }> = ROLLUP_LEVELS.flatMap(
    (level) => [
      ...CELL_COLUMNS.map((column) => ({ statement: db.prepare(rollupSql(level, [column], false)), stack: false })),
      ...STACK_COLUMNS.map((column) => ({ statement: db.prepare(rollupSql(level, [column], true)), stack: true })),
    ],
  )
  return (from, through) => {
    for (const { statement, stack } of statements)
      statement.run(stack ? { run: 1, from, through } : { run: 1, from, through, cells })
  }
}

function stationShape(db: Db): (from: number, through: number) => void {
  const writer = createRollupWriter(db)
  return (from, through) => {
    const marks = new Map(ROLLUP_LEVELS.map((level) => [level, Math.floor((from * stepS) / level) - 1]))
    writer.rollUp({ id: 1, cells, marks }, through * stepS + stepS, false)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mfc-rollup-bench-'))
const db = openDatabase(join(dir, 'station.db'), telemetryMigrations)
const recorder = createTelemetryRecorder({
  ...{ db, log: silentLogger, clock: createManualClock(), batchMs: 60_000 },
  describeRun: () => ({ source: 'simulation', name: 'bench', seed: 1, controller: 'fixed', cells, config: {} }),
})
for (let seq = 0; seq < frameCount; seq += 1) {
  recorder.record(frame(seq))
  if (seq % 50 === 49) recorder.flush()
}
recorder.close()

const shapes = [
  ['station: one statement per level, UNION ALL over channels', stationShape(db)],
  ['one statement per level and channel', perChannelShape(db)],
  ['baseline: GROUP BY per cell, INSERT per row from JavaScript', perRowShape(db)],
] as const
const results = shapes.map(([name, rollUp]) => {
  db.exec('DELETE FROM telemetry_rollups')
  const rollBatches = db.transaction(() => {
    for (let from = 0; from + BATCH <= frameCount; from += BATCH) rollUp(from, from + BATCH - 1)
  })
  const started = performance.now()
  rollBatches()
  const ms = performance.now() - started
  const rows = (db.prepare('SELECT COUNT(*) AS n FROM telemetry_rollups').get() as { n: number }).n
  return { name, msPerFrame: ms / frameCount, rows }
})
db.close()
rmSync(dir, { recursive: true, force: true })

const baseline = results.at(-1)!.msPerFrame
console.log(
  `\nnode dist/bench/rollup-bench.js --cells ${cells} --frames ${frameCount} --step ${stepS}   (${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version})\n`,
)
console.log('| rollup statement shape | ms per frame | rollup rows | ratio to baseline |')
console.log('| --- | ---: | ---: | ---: |')
for (const { name, msPerFrame, rows } of results)
  console.log(`| ${name} | ${msPerFrame.toFixed(2)} | ${rows} | ${(msPerFrame / baseline).toFixed(2)}x |`)
