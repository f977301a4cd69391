import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AccessGuard } from '../server/auth/access-guard.js'
import type { TelemetryFrame } from '../server/contract/stream.js'
import { systemClock } from '../server/clock.js'
import { createEventBus } from '../server/event-bus.js'
import { computeLabMetrics, labMetricChannels, labMetricPoints } from '../server/lab-metrics/calculator.js'
import { createLabMetricsModule } from '../server/lab-metrics/module.js'
import { silentLogger } from '../server/logger.js'
import { createHistoryReader } from '../server/recorder/history.js'
import { createTelemetryRecorder } from '../server/recorder/recorder.js'
import { telemetryMigrations } from '../server/recorder/schema.js'
import { openDatabase } from '../server/store/database.js'

/*
 * Lab metrics of the current run (docs/lab-metrics.md "How they are kept current"), old path against new in
 * the same process: the p95 of the whole-run computation (the history read of `labMetricPoints` per series
 * plus the integrals, what every request cost before) against the module's accumulator, whose cost is one
 * catch-up (the history read once), a share per frame and a share per request. One recorded run of --cells
 * cells at --hz for --hours. Reproduce: npx tsc -b && node dist/bench/lab-metrics-bench.js --cells 5 --hours 24 --hz 1
 */
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '5' },
    hours: { type: 'string', default: '24' },
    hz: { type: 'string', default: '1' },
    queries: { type: 'string', default: '20' },
  },
})
const cells = Number(values.cells)
const hz = Number(values.hz)
const frames = Math.round(Number(values.hours) * 3600 * hz)
const queries = Number(values.queries)
/** Frames timed for the per-frame cost, after the recorded run. */
const liveFrames = 2000

function frame(seq: number): TelemetryFrame {
  const t = seq / hz
  return {
    ...{ type: 'telemetry', source: 'simulation', runId: 'bench', seq, simTimeS: t, wallTimeMs: 1.7e12 + t * 1000 },
    ...{ state: 'running', controller: 'mppt' },
    cells: Array.from({ length: cells }, (_v, k) => ({
      ...{ voltageV: 0.3, currentA: 0.006, powerW: 0.002 + 0.0005 * Math.sin(t / 900 + k) },
      ...{ substrateMgL: 20 + Math.sin(t / 3600), anodeLossV: 0.1, internalOhm: 50, alarms: [] },
    })),
    stack: {
      ...{ voltageV: 0.3 * cells, currentA: 0.006, powerW: 0.002 * cells },
      ...{ feedLPerDay: 0.15, feedActualLPerDay: 0.15 },
    },
  }
}

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(0.95 * (samples.length - 1))]!

function timed(work: () => void, times = queries): number {
  const samples: number[] = []
  for (let k = 0; k < times; k += 1) {
    const started = performance.now()
    work()
    samples.push(performance.now() - started)
  }
  return p95(samples)
}

const guard = { require: () => () => undefined, public: () => () => undefined } as unknown as AccessGuard
const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`

const dir = mkdtempSync(join(tmpdir(), 'mfc-lab-metrics-bench-'))
try {
  const db = openDatabase(join(dir, 'bench.db'), telemetryMigrations)
  const recorder = createTelemetryRecorder({
    ...{ db, log: silentLogger, clock: systemClock, batchMs: 3_600_000 },
    describeRun: () => ({ source: 'simulation', name: 'bench', seed: 1, controller: 'mppt', cells, config: {} }),
  })
  for (let seq = 1; seq <= frames; seq += 1) {
    recorder.record(frame(seq))
    if (seq % 500 === 0) recorder.flush()
  }
  recorder.flush()
  const reader = createHistoryReader(db)
  const query = { runId: 'bench', channels: labMetricChannels, points: labMetricPoints }
  const wholeRunMs = timed(() => computeLabMetrics({ run: reader.run('bench'), history: reader.history(query) }))
  // New: the module follows the run from the next frame on; its first answer is the catch-up.
  const bus = createEventBus(silentLogger)
  const module = createLabMetricsModule({
    ...{ guard, bus, source: 'simulation', history: reader },
    currentRunId: () => 'bench',
  })
  bus.publish('telemetry', frame(frames + 1))
  const catchUpStarted = performance.now()
  module.metricsOf()
  const catchUpMs = performance.now() - catchUpStarted
  const live = Array.from({ length: liveFrames }, (_v, k) => frame(frames + 2 + k))
  let next = 0
  const perFrameMs = timed(() => bus.publish('telemetry', live[next++]!), liveFrames)
  const perRequestMs = timed(() => module.metricsOf())
  console.log(
    `| ${cells} cells, ${values.hours} h at ${hz} Hz (${frames} frames) | ${ms(wholeRunMs)} | ${ms(catchUpMs)} | ${ms(perFrameMs)} | ${ms(perRequestMs)} | ${(wholeRunMs / perRequestMs).toFixed(0)}× |`,
  )
  void module.close?.()
  recorder.close()
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
