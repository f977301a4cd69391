import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import { historyQuerySchema, type HistorySeries } from '../contract/telemetry.js'
import { silentLogger } from '../logger.js'
import { openDatabase, type Db } from '../store/database.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createHistoryReader } from './history.js'
import { createTelemetryRecorder } from './recorder.js'
import { createRetention } from './retention.js'
import { telemetryMigrations } from './schema.js'

const WALL0 = 1_700_000_000_000

/** 60 s apart (the default 600x at 10 Hz), then 2 s apart for two minutes (a slowed run), then 60 s again. */
const simTimeOf = (seq: number) => (seq < 60 ? seq * 60 : seq < 120 ? 3600 + (seq - 60) * 2 : 3720 + (seq - 120) * 60)

function frame(seq: number): TelemetryFrame {
  const cell = (k: number) => ({ voltageV: 0.3 + ((seq * 7 + k) % 13) / 40, powerW: Math.sin(seq + k), alarms: [] })
  return {
    ...{ type: 'telemetry', source: 'simulation', runId: 'levels', seq, simTimeS: simTimeOf(seq) },
    ...{ wallTimeMs: WALL0 + seq, state: 'running', controller: 'fixed', cells: [cell(0), cell(1)] },
    stack: { voltageV: 0.6, currentA: 0.01, powerW: Math.cos(seq), loadConnected: true, loadOhm: 100 },
  }
}

function recordRun(): Db {
  const db = openDatabase(':memory:', telemetryMigrations)
  const recorder = createTelemetryRecorder({
    ...{ db, log: silentLogger, clock: createManualClock(), batchMs: 60_000 },
    describeRun: () => ({ source: 'simulation', name: 'levels', seed: 1, controller: 'fixed', cells: 2, config: {} }),
  })
  for (let seq = 0; seq < 150; seq += 1) {
    recorder.record(frame(seq))
    if (seq % 5 === 4) recorder.flush()
  }
  recorder.record({ type: 'event', wallTimeMs: 0, event: { kind: 'run-state', runId: 'levels', state: 'finished' } })
  recorder.close()
  return db
}

type Query = { from: number; to: number; points: number; level: number }

/** The straightforward answer from raw (sim time, value) rows: each level bucket at its start, then output buckets. */
function reference(raw: Array<{ sim: number; value: number }>, { from, to, points, level }: Query) {
  const width = (to - from) / points
  const last = Math.max(Math.ceil((to - from) / width) - 1, 0)
  const groups = new Map<number, { values: number[]; starts: Set<number> }>()
  for (const { sim, value } of raw) {
    const start = Math.floor(sim / level) * level
    if (start < Math.floor(from / level) * level || start > Math.floor(to / level) * level) continue
    const b = Math.min(Math.trunc((start - from) / width), last)
    const group = groups.get(b) ?? { values: [], starts: new Set() }
    group.values.push(value)
    group.starts.add(start)
    groups.set(b, group)
  }
  const buckets = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group)
  return {
    t: buckets.map(({ starts }) => [...starts].reduce((a, b) => a + b + level / 2, 0) / starts.size),
    n: buckets.map(({ values }) => values.length),
    min: buckets.map(({ values }) => Math.min(...values)),
    mean: buckets.map(({ values }) => values.reduce((a, b) => a + b, 0) / values.length),
    max: buckets.map(({ values }) => Math.max(...values)),
  }
}

function expectSeries(actual: HistorySeries, expected: ReturnType<typeof reference>): void {
  expect(actual.n).toEqual(expected.n)
  for (const field of ['t', 'min', 'mean', 'max'] as const)
    actual[field].forEach((value, i) => expect(value).toBeCloseTo(expected[field][i]!, 9))
}

const queries: Query[] = [
  { from: 0, to: 9000, points: 1000, level: 5 }, // 9 s buckets from the 5 s level
  { from: 3000, to: 4000, points: 150, level: 5 },
  { from: 0, to: 9000, points: 60, level: 60 }, // 150 s buckets from the 60 s level
  { from: 1234, to: 5678, points: 20, level: 60 },
]

describe('history levels without one-frame rollup rows', () => {
  it('writes rows only for buckets holding several frames, and answers every level as the raw rows do', () => {
    const db = recordRun()
    const levelRows = (level: number) =>
      db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM telemetry_rollups WHERE level = ?').get(level)!.n
    // 5 s buckets: only the 2 s stretch (24 buckets of 2-3 frames) x (2 cells x 2 channels + 4 stack channels).
    expect(levelRows(5)).toBe(24 * 8)
    expect(levelRows(60)).toBe(2 * 8) // the two minutes of the 2 s stretch
    const raw = (cell: number) =>
      db
        .prepare<[number], { sim: number; value: number }>(
          'SELECT sim_time_s AS sim, power_w AS value FROM telemetry_cells WHERE cell = ? ORDER BY seq',
        )
        .all(cell)
    const stackRaw = db
      .prepare<[], { sim: number; value: number }>('SELECT sim_time_s AS sim, power_w AS value FROM telemetry_frames')
      .all()
    const reader = createHistoryReader(db)
    const ask = ({ from, to, points }: Query) =>
      reader.history(
        historyQuerySchema.parse({
          from: `${from}`,
          to: `${to}`,
          points: `${points}`,
          channels: 'powerW,stack.powerW,substrateMgL',
          cells: '1',
        }),
      )
    const answers = queries.map(ask)
    queries.forEach((query, i) => {
      expect(answers[i]).toMatchObject({ source: 'rollup', bucketS: (query.to - query.from) / query.points })
      const [power, substrate, stack] = answers[i]!.series
      expectSeries(power!, reference(raw(1), query))
      expectSeries(stack!, reference(stackRaw, query))
      expect(substrate).toMatchObject({ channel: 'substrateMgL', t: [] }) // absent, not zero
    })

    // Retention deletes every raw row in chunks that split buckets; each answer stays the same.
    const retention = createRetention({
      ...{ db, log: silentLogger, rawDays: 1, chunkFrames: 7 },
      clock: { ...createManualClock(), now: () => WALL0 + 2 * 86_400_000 },
    })
    expect(retention.prune()).toBe(150)
    expect(db.prepare('SELECT COUNT(*) AS n FROM telemetry_cells').get()).toEqual({ n: 0 })
    expect(queries.map(ask)).toEqual(answers)
    retention.close()
    db.close()
  })
})
