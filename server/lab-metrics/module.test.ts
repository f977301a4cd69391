import { describe, expect, it } from 'vitest'
import type { AccessGuard } from '../auth/access-guard.js'
import type { HistoryQuery, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import type { GeometryEdits } from './geometry.js'
import { createLabMetricsModule } from './module.js'

/** run-1 finished, run-2 recording, run-h a finished hardware run. */
const run = (runId: string): RunDetail => ({
  ...{ runId, source: runId === 'run-h' ? 'hardware' : 'simulation', name: 'r', seed: 1, controller: 'fixed' },
  ...{ cells: 1, startedAt: '', endedAt: runId === 'run-2' ? null : '2026-12-01T00:00:00.000Z', endState: null },
  ...{ frames: 2, lastSeq: 2, simTimeS: 10, notes: '', config: {} },
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
  it('reads a run it does not follow from its history, and takes the model figures of the current run only', () => {
    const reader = history()
    let current: string | undefined
    const module = createLabMetricsModule({
      ...{ guard, source: 'simulation', bus: createEventBus(silentLogger), history: reader },
      currentRunId: () => current,
      model: () => ({ runId: 'run-2', trackingEfficiencyPct: 88, methaneMl: 1 }),
    })
    const before = module.metricsOf()
    expect(before).toMatchObject({ runId: '', source: 'simulation', coveredS: 0, cells: [] })
    expect(before.stack.values.energyJ).toEqual({ value: null, reason: 'fewer than two recorded frames' })
    current = 'run-2'
    expect(module.metricsOf().stack.values.energyJ.value).toBeCloseTo(0.01, 12)
    expect(module.metricsOf().stack.values.trackingEfficiencyPct.value).toBe(88)
    // Still recording and not followed (no frame came over the bus): read again for each answer.
    expect(reader.queries.map((query) => query.runId)).toEqual(['run-2', 'run-2'])
    const recorded = module.metricsOf('run-1')
    expect(recorded.runId).toBe('run-1')
    expect(recorded.stack.values.trackingEfficiencyPct.reason).toMatch(/current run/)
    expect(reader.queries.at(-1)).toMatchObject({ runId: 'run-1', points: 100 })
    void module.close?.()
  })

  it('keeps the figures of a finished run, and reads only the channels its source records', () => {
    const reader = history()
    const module = createLabMetricsModule({
      ...{ guard, source: 'simulation', bus: createEventBus(silentLogger), history: reader },
      currentRunId: () => 'run-2',
    })
    const first = module.metricsOf('run-1')
    expect(module.metricsOf('run-1')).toBe(first)
    expect(reader.queries).toHaveLength(1)
    expect(reader.queries[0]?.channels).toContain('substrateMgL')
    module.metricsOf('run-h')
    expect(reader.queries.at(-1)?.channels).toEqual(['powerW', 'currentA', 'internalOhm', 'stack.powerW'])
    void module.close?.()
  })

  it("computes a finished hardware run's kept figures again after its geometry was edited", () => {
    let edits: GeometryEdits = new Map()
    const module = createLabMetricsModule({
      ...{ guard, source: 'hardware', bus: createEventBus(silentLogger), history: history() },
      ...{ currentRunId: () => undefined, geometryEdits: () => edits },
    })
    const density = () => module.metricsOf('run-h').cells[0]?.values.powerDensityAreaWPerM2
    expect(density()?.value).toBeNull()
    edits = new Map([[1, { anodeAreaCm2: 10 }]])
    // 1 mW over 10 cm²: 1 W/m².
    expect(density()?.value).toBeCloseTo(1, 9)
    void module.close?.()
  })
})
