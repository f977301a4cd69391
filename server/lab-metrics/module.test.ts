import { describe, expect, it } from 'vitest'
import type { AccessGuard } from '../auth/access-guard.js'
import type { HistoryQuery, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createLabMetricsModule } from './module.js'

const run = (runId: string): RunDetail => ({
  ...{ runId, source: 'simulation', name: 'r', seed: 1, controller: 'fixed', cells: 1, startedAt: '' },
  ...{ endedAt: null, endState: null, frames: 2, lastSeq: 2, simTimeS: 10, notes: '', config: {} },
})

/** The recorder's history port over one cell at 1 mW for 10 s, counting its reads. */
function history() {
  const queries: HistoryQuery[] = []
  return {
    queries,
    history(query: HistoryQuery): HistoryResponse {
      queries.push(query)
      const series = (cell: number | null, channel: 'powerW' | 'stack.powerW') => ({
        ...{ cell, channel, unit: 'W', t: [0, 10], min: [1e-3, 1e-3], mean: [1e-3, 1e-3] },
        ...{ max: [1e-3, 1e-3], n: [1, 1] },
      })
      const runId = query.runId ?? 'newest'
      return {
        runId,
        fromS: 0,
        toS: 10,
        bucketS: 5,
        source: 'raw',
        series: [series(0, 'powerW'), series(null, 'stack.powerW')],
      }
    },
    run,
  }
}

const guard = { require: () => () => undefined, public: () => () => undefined } as unknown as AccessGuard

describe('the lab metrics module', () => {
  it('reads the current run, reuses its figures for 2 s, and takes the model figures of that run only', () => {
    const clock = createManualClock()
    const reader = history()
    let current: string | undefined
    const module = createLabMetricsModule({
      ...{ guard, clock, source: 'simulation', bus: createEventBus(silentLogger), history: reader },
      currentRunId: () => current,
      model: () => ({ runId: 'run-2', trackingEfficiencyPct: 88, methaneMl: 1 }),
    })
    const before = module.metricsOf()
    expect(before).toMatchObject({ runId: '', source: 'simulation', coveredS: 0, cells: [] })
    expect(before.stack.values.energyJ).toEqual({ value: null, reason: 'fewer than two recorded frames' })
    current = 'run-2'
    expect(module.metricsOf().stack.values.energyJ.value).toBeCloseTo(0.01, 12)
    expect(module.metricsOf().stack.values.trackingEfficiencyPct.value).toBe(88)
    expect(reader.queries.map((query) => query.runId)).toEqual(['run-2'])
    clock.advance(2000)
    module.metricsOf()
    expect(reader.queries).toHaveLength(2)
    const recorded = module.metricsOf('run-1')
    expect(recorded.runId).toBe('run-1')
    expect(recorded.stack.values.trackingEfficiencyPct.reason).toMatch(/current run/)
    expect(reader.queries.at(-1)).toMatchObject({ runId: 'run-1', points: 100 })
    void module.close?.()
  })
})
