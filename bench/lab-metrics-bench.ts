import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { TelemetryFrame } from '../server/contract/stream.js'
import { systemClock } from '../server/clock.js'
import { computeLabMetrics, labMetricChannels, labMetricPoints } from '../server/lab-metrics/calculator.js'
import { silentLogger } from '../server/logger.js'
import { createHistoryReader } from '../server/recorder/history.js'
import { createTelemetryRecorder } from '../server/recorder/recorder.js'
import { telemetryMigrations } from '../server/recorder/schema.js'
import { openDatabase } from '../server/store/database.js'

/*
 * Lab metrics of a recorded run (docs/lab-metrics.md): the p95 of computing them (the history read of
 * `labMetricPoints` per series plus the integrals) against the p95 of the history read alone in the same run,
 * so the ratio is the integrals' overhead. One recorded run of --cells cells at --hz for --hours.
 * Reproduce: npx tsc -b && node dist/bench/lab-metrics-bench.js --cells 5 --hours 24 --hz 1
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
      voltageV: 0.3 * cells,
      currentA: 0.006,
      powerW: 0.002 * cells,
      feedLPerDay: 0.15,
      feedActualLPerDay: 0.15,
    },
  }
}

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(0.95 * (samples.length - 1))]!

function timed(work: () => void): number {
  const samples: number[] = []
  for (let k = 0; k < queries; k += 1) {
    const started = performance.now()
    work()
    samples.push(performance.now() - started)
  }
  return p95(samples)
}

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
  recorder.close()
  const reader = createHistoryReader(db)
  const query = { runId: 'bench', channels: labMetricChannels, points: labMetricPoints }
  const historyMs = timed(() => reader.history(query))
  const metricsMs = timed(() => computeLabMetrics({ run: reader.run('bench'), history: reader.history(query) }))
  console.log(
    `| ${cells} cells, ${values.hours} h at ${hz} Hz (${frames} frames) | ${metricsMs.toFixed(1)} ms | ${historyMs.toFixed(1)} ms | ${(metricsMs / historyMs).toFixed(2)}× |`,
  )
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
