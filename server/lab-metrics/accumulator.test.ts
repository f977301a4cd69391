import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AccessGuard } from '../auth/access-guard.js'
import type { LabMetrics } from '../contract/lab-metrics.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { HistoryQuery } from '../contract/telemetry.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import { createHistoryReader } from '../recorder/history.js'
import { createTelemetryRecorder } from '../recorder/recorder.js'
import { telemetryMigrations } from '../recorder/schema.js'
import { createSimulationEngine } from '../sim/engine.js'
import { createManualClock } from '../testing/manual-clock.js'
import { toTelemetryFrame } from '../simulation/telemetry-frame.js'
import { openDatabase } from '../store/database.js'
import { computeLabMetrics, labMetricChannels, labMetricPoints } from './calculator.js'
import { createLabMetricsModule } from './module.js'

const guard = { require: () => () => undefined, public: () => () => undefined } as unknown as AccessGuard
const cleanup: Array<() => void> = []
afterEach(() => cleanup.splice(0).forEach((step) => step()))

/** A simulated 3-cell run of 6 h, a frame a minute: a feed-pump failure at 2 h, a load step at 3 h. */
function simulatedFrames(runId: string, config: Record<string, unknown> = {}): TelemetryFrame[] {
  const scenario = {
    ...{ seed: 5, durationS: 6 * 3600, stack: { cells: 3 }, load: { rExtOhm: 300 } },
    ...{ faults: [{ kind: 'feed-pump-failure', atS: 7200, durationS: 3600 }] },
    ...config,
  }
  const engine = createSimulationEngine(scenario, { now: () => 0 })
  return Array.from({ length: 360 }, (_v, k) => {
    if (k === 180) engine.configure({ load: { rExtOhm: 120 } })
    const frame = engine.advanceSim(60)
    return toTelemetryFrame(frame, { runId, state: 'running', wallTimeMs: 1.8e12 + k * 60_000 })
  })
}

/** A station's recorder and lab metrics module on one file database, the history reads counted. */
function station(config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-lab-metrics-'))
  const db = openDatabase(join(dir, 'run.db'), telemetryMigrations)
  const reader = createHistoryReader(db)
  const reads: HistoryQuery[] = []
  const history = {
    history: (query: HistoryQuery) => (reads.push(query), reader.history(query)),
    run: (runId: string) => reader.run(runId),
  }
  const recorder = createTelemetryRecorder({
    ...{ db, log: silentLogger, batchMs: 3_600_000, clock: createManualClock() },
    describeRun: () => ({ source: 'simulation', name: 'r', seed: 5, controller: 'fixed', cells: 3, config }),
  })
  const bus = createEventBus(silentLogger)
  let current: string | undefined
  const startModule = () =>
    createLabMetricsModule({ guard, bus, source: 'simulation', history, currentRunId: () => current })
  cleanup.push(() => (recorder.close(), db.close(), rmSync(dir, { recursive: true, force: true })))
  return {
    reads,
    startModule,
    /** Records a frame (committing every 50th) and publishes it, as the station does. */
    produce(frame: TelemetryFrame, publish = true) {
      current = frame.runId
      recorder.record(frame)
      if (frame.seq % 50 === 1) recorder.flush()
      if (publish) bus.publish('telemetry', frame)
    },
    /** The whole-run computation over every recorded frame of the run (by default 1 s buckets: one frame each). */
    wholeRun(runId: string, points?: number): LabMetrics {
      recorder.flush()
      const run = reader.run(runId)
      const query = { runId, channels: labMetricChannels, points: points ?? Math.ceil(run.simTimeS) }
      return computeLabMetrics({ run, history: reader.history(query) })
    },
  }
}

/**
 * Every figure of every row agrees within floating-point tolerance, or both are null for the same reason;
 * but the stack's R_int, the module's online estimate from the frames it saw, which the bare computation lacks.
 */
function expectSameFigures(actual: LabMetrics, expected: LabMetrics) {
  expect(actual.coveredS).toBeCloseTo(expected.coveredS, 9)
  const rows = (metrics: LabMetrics) => [metrics.stack, ...metrics.cells]
  expect(rows(actual)).toHaveLength(rows(expected).length)
  rows(expected).forEach((row, index) => {
    for (const [id, figure] of Object.entries(row.values)) {
      if (index === 0 && id === 'internalResistanceOhm') continue
      const got = rows(actual)[index]!.values[id as keyof typeof row.values]
      expect(got.reason, `${id} of row ${index}`).toBe(figure.reason)
      if (figure.value === null) expect(got.value).toBeNull()
      else
        expect(got.value, `${id} of row ${index}`).toBeCloseTo(
          figure.value,
          9 - Math.ceil(Math.log10(Math.abs(figure.value) + 1)),
        )
    }
  })
}

describe('the current run accumulator', () => {
  it('accumulates the figures of a run with a fault and a load step as the whole-run computation does', () => {
    const lab = station()
    const module = lab.startModule()
    const frames = simulatedFrames('run-1')
    for (const frame of frames) lab.produce(frame)
    expectSameFigures(module.metricsOf(), lab.wholeRun('run-1'))
    expect(module.metricsOf().stack.values.codRemovalPct.value).not.toBeNull()
    const readsAfterFirst = lab.reads.length
    module.metricsOf()
    module.metricsOf('run-1')
    expect(lab.reads).toHaveLength(readsAfterFirst)
    void module.close?.()
  })

  it('catches up a cascade run that began before the module, reading its history once', () => {
    const config = {
      stack: { cells: 3, feeding: 'cascade' },
      feed: { influentSchedule: [{ atS: 9000, influentMgL: 500 }] },
    }
    const lab = station(config)
    const frames = simulatedFrames('run-1', config)
    for (const frame of frames.slice(0, 60)) lab.produce(frame, false)
    const module = lab.startModule()
    for (const frame of frames.slice(60)) lab.produce(frame)
    expectSameFigures(module.metricsOf(), lab.wholeRun('run-1'))
    expect(lab.reads).toHaveLength(1)
    expect(lab.reads[0]).toMatchObject({ runId: 'run-1', from: 0, to: frames[60]!.simTimeS })
    module.metricsOf()
    expect(lab.reads).toHaveLength(1)
    void module.close?.()
  })

  it('starts over for a new run; the previous run comes from its history', () => {
    const lab = station()
    const module = lab.startModule()
    const first = simulatedFrames('run-1').slice(0, 100)
    for (const frame of first) lab.produce(frame)
    const second = simulatedFrames('run-2', { seed: 9 }).slice(0, 60)
    for (const frame of second) lab.produce(frame)
    const current = module.metricsOf()
    expect(current.runId).toBe('run-2')
    expectSameFigures(current, lab.wholeRun('run-2'))
    expect(module.metricsOf('run-1').runId).toBe('run-1')
    expect(lab.reads.at(-1)).toMatchObject({ runId: 'run-1', points: 100 })
    void module.close?.()
  })

  it('a whole-run computation on 100 buckets per series: per-time figures within 1 %, energy short by its span', () => {
    const lab = station()
    for (const frame of simulatedFrames('run-1')) lab.produce(frame, false)
    const coarse = lab.wholeRun('run-1', labMetricPoints)
    const fine = lab.wholeRun('run-1')
    expect(coarse.basis).toBe('rollup')
    // The buckets' times are their samples' mean: the span covered starts and ends half a bucket inside.
    const spanRatio = coarse.coveredS / fine.coveredS
    expect(spanRatio).toBeGreaterThan(0.98)
    const ids = ['meanPowerW', 'powerDensityAreaWPerM2', 'coulombicEfficiencyPct', 'codRemovalPct'] as const
    for (const [index, row] of [coarse.stack, ...coarse.cells].entries()) {
      const exact = [fine.stack, ...fine.cells][index]!.values
      for (const id of ids)
        expect(Math.abs(row.values[id].value! / exact[id].value! - 1), `${id} of row ${index}`).toBeLessThan(0.01)
      const energyRatio = row.values.energyJ.value! / exact.energyJ.value!
      expect(Math.abs(energyRatio - spanRatio), `energy of row ${index}`).toBeLessThan(0.01)
    }
  })
})
