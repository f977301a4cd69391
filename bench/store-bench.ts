import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { TelemetryFrame } from '../server/contract/stream.js'
import { historyQuerySchema } from '../server/contract/telemetry.js'
import { systemClock } from '../server/clock.js'
import { silentLogger } from '../server/logger.js'
import { createHistoryReader } from '../server/recorder/history.js'
import { createTelemetryRecorder } from '../server/recorder/recorder.js'
import { openDatabase } from '../server/store/database.js'
import { telemetryMigrations } from '../server/recorder/schema.js'

/*
 * Recording and history: sustained insert rate through the recorder (runs, frames, cells, rollups)
 * against bare better-sqlite3 inserts of the same rows in transactions of the same size, and the p95
 * of history queries over a recorded day of 10 Hz frames (5 cells) against reading the raw rows and
 * downsampling in JavaScript.
 * Reproduce: npx tsc -b && node dist/bench/store-bench.js --hours 24
 */
const { values } = parseArgs({
  options: { hours: { type: 'string', default: '24' }, queries: { type: 'string', default: '100' } },
})
const hours = Number(values.hours)
const queries = Number(values.queries)
const HZ = 10
const CELLS = 5
const frames = hours * 3600 * HZ

const dir = mkdtempSync(join(tmpdir(), 'mfc-store-bench-'))

function frame(seq: number, runId: string): TelemetryFrame {
  const t = seq / HZ
  const cells = Array.from({ length: CELLS }, (_v, k) => ({
    voltageV: 0.3 + 0.05 * Math.sin(t / 600 + k),
    currentA: 0.006,
    powerW: 0.002 + 0.0005 * Math.sin(t / 900 + k),
    substrateMgL: 20 + Math.sin(t / 3600),
    anodeLossV: 0.1,
    internalOhm: 50,
    alarms: [],
  }))
  return {
    type: 'telemetry',
    source: 'simulation',
    runId,
    seq,
    simTimeS: t,
    wallTimeMs: 1_700_000_000_000 + t * 1000,
    state: 'running',
    controller: 'pid',
    cells,
    stack: {
      voltageV: 1.5,
      currentA: 0.006,
      powerW: 0.01,
      loadConnected: true,
      loadOhm: 100,
      feedLPerDay: 1,
      temperatureK: 303,
    },
  }
}

function recorderRate(path: string, count: number, batch: number, runId: string): number {
  const db = openDatabase(path, telemetryMigrations)
  const recorder = createTelemetryRecorder({
    db,
    log: silentLogger,
    describeRun: () => ({ source: 'simulation', name: 'bench', seed: 1, controller: 'pid', cells: CELLS, config: {} }),
    clock: systemClock,
    batchMs: 3_600_000,
  })
  const started = performance.now()
  for (let seq = 1; seq <= count; seq += 1) {
    recorder.record(frame(seq, runId))
    if (seq % batch === 0) recorder.flush()
  }
  recorder.flush()
  const rate = count / ((performance.now() - started) / 1000)
  recorder.close()
  db.close()
  return rate
}

/** The same rows into the same tables with plain prepared inserts: what SQLite costs at least. */
function bareRate(path: string, count: number, batch: number): number {
  const db = openDatabase(path, telemetryMigrations)
  const insertFrame = db.prepare(
    'INSERT INTO telemetry_frames (run, seq, sim_time_s, wall_time_ms, state, controller, voltage_v, current_a, power_w, load_connected, load_ohm, feed_l_per_day, temperature_k) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertCell = db.prepare(
    'INSERT INTO telemetry_cells (run, cell, seq, sim_time_s, voltage_v, current_a, power_w, substrate_mg_l, anode_loss_v, internal_ohm, alarms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const write = db.transaction((items: TelemetryFrame[]) => {
    for (const f of items) {
      insertFrame.run(
        999,
        f.seq,
        f.simTimeS,
        f.wallTimeMs,
        f.state,
        f.controller,
        f.stack.voltageV,
        f.stack.currentA,
        f.stack.powerW,
        1,
        f.stack.loadOhm,
        f.stack.feedLPerDay,
        f.stack.temperatureK,
      )
      f.cells.forEach((c, k) =>
        insertCell.run(
          999,
          k,
          f.seq,
          f.simTimeS,
          c.voltageV,
          c.currentA,
          c.powerW,
          c.substrateMgL,
          c.anodeLossV,
          c.internalOhm,
          0,
        ),
      )
    }
  })
  const started = performance.now()
  let pending: TelemetryFrame[] = []
  for (let seq = 1; seq <= count; seq += 1) {
    pending.push(frame(seq, 'bare'))
    if (pending.length === batch) {
      write(pending)
      pending = []
    }
  }
  write(pending)
  const rate = count / ((performance.now() - started) / 1000)
  db.close()
  return rate
}

function p95(run: () => void): { p50: number; p95: number } {
  const times: number[] = []
  for (let i = 0; i < queries; i += 1) {
    const started = performance.now()
    run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return {
    p50: times[Math.floor(times.length * 0.5)]!,
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
  }
}

const rows: string[] = []
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2))
try {
  const dayDb = join(dir, 'day.db')
  // The day of data the queries run on, written through the recorder in fast-forward batches.
  const fastRecorder = recorderRate(dayDb, frames, 500, 'day')
  const fastBare = bareRate(join(dir, 'bare-fast.db'), frames, 500)
  rows.push(
    `| insert, batches of 500 frames (fast-forward), ${hours} h of 10 Hz x ${CELLS} cells | ${fmt(fastRecorder)} frames/s (${fmt(fastRecorder * (CELLS + 1))} rows/s) | ${fmt(fastBare)} frames/s | ${(fastRecorder / fastBare).toFixed(2)}x |`,
  )
  const live = Math.min(frames, 50_000)
  const liveRecorder = recorderRate(join(dir, 'live.db'), live, 5, 'live')
  const liveBare = bareRate(join(dir, 'bare-live.db'), live, 5)
  rows.push(
    `| insert, batches of 5 frames (live 10 Hz, 500 ms commits), ${live} frames | ${fmt(liveRecorder)} frames/s | ${fmt(liveBare)} frames/s | ${(liveRecorder / liveBare).toFixed(2)}x |`,
  )

  const db = openDatabase(dayDb, telemetryMigrations)
  const reader = createHistoryReader(db)
  const historyQuery = (fromS: number, toS: number) =>
    historyQuerySchema.parse({ runId: 'day', from: String(fromS), to: String(toS), points: '1000' })
  const day = historyQuery(0, hours * 3600)
  // The last hour of the recorded range.
  const hourFrom = Math.max(0, hours - 1) * 3600
  const hour = historyQuery(hourFrom, hourFrom + 3600)
  // A working shift: 1000 points are 21.6 s buckets, answered from the 5 s rollups.
  const shiftFrom = Math.max(0, hours - 6) * 3600
  const shift = historyQuery(shiftFrom, shiftFrom + Math.min(hours, 6) * 3600)
  const dayQuery = p95(() => reader.history(day))
  const shiftQuery = p95(() => reader.history(shift))
  const hourQuery = p95(() => reader.history(hour))
  // Baseline: every raw row of the range for the same series (3 channels, 5 cells + stack), bucketed in JavaScript.
  const rawRows = db
    .prepare(
      'SELECT cell, sim_time_s, voltage_v, power_w FROM telemetry_cells WHERE run = 1 AND cell = ? AND sim_time_s BETWEEN ? AND ?',
    )
    .raw()
  const naive = (fromS: number, toS: number) => () => {
    for (let cell = 0; cell < CELLS; cell += 1) {
      const buckets = new Float64Array(1000)
      for (const row of rawRows.iterate(cell, fromS, toS) as Iterable<number[]>)
        buckets[Math.min(999, Math.floor(((row[1]! - fromS) / (toS - fromS)) * 1000))]! += row[3]!
    }
  }
  const queriesBaseline = Math.max(5, Math.round(queries / 10))
  const timeNaive = (fromS: number, toS: number) => {
    const times: number[] = []
    for (let i = 0; i < queriesBaseline; i += 1) {
      const started = performance.now()
      naive(fromS, toS)()
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    return times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!
  }
  const dayNaive = timeNaive(0, hours * 3600)
  const hourNaive = timeNaive(hourFrom, hourFrom + 3600)
  const shiftNaive = timeNaive(shiftFrom, shiftFrom + Math.min(hours, 6) * 3600)
  const answer = reader.history(day)
  rows.push(
    `| history p95, ${hours} h range, 1000 points, 5 cells x 2 channels + stack power (source: ${answer.source}) | ${fmt(dayQuery.p95)} ms (p50 ${fmt(dayQuery.p50)}) | ${fmt(dayNaive)} ms | ${(dayQuery.p95 / dayNaive).toFixed(3)}x |`,
  )
  rows.push(
    `| history p95, ${Math.min(hours, 6)} h range, 1000 points (source: ${reader.history(shift).source}, ${reader.history(shift).bucketS.toFixed(1)} s buckets) | ${fmt(shiftQuery.p95)} ms (p50 ${fmt(shiftQuery.p50)}) | ${fmt(shiftNaive)} ms | ${(shiftQuery.p95 / shiftNaive).toFixed(3)}x |`,
  )
  rows.push(
    `| history p95, 1 h range, 1000 points (source: ${reader.history(hour).source}) | ${fmt(hourQuery.p95)} ms (p50 ${fmt(hourQuery.p50)}) | ${fmt(hourNaive)} ms | ${(hourQuery.p95 / hourNaive).toFixed(3)}x |`,
  )
  const size = statSync(dayDb).size / 1024 / 1024
  db.close()
  console.log(
    `\nnode dist/bench/store-bench.js --hours ${hours} --queries ${queries}   (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; database ${size.toFixed(0)} MB for ${frames} frames)\n`,
  )
  console.log('| measure | recorder / history API | baseline (bare inserts / raw rows bucketed in JS) | ratio |')
  console.log('|---|---:|---:|---:|')
  for (const row of rows) console.log(row)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
