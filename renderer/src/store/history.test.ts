import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../../server/contract/telemetry'
import type { TelemetryApi } from '../api/telemetry-api'
import { telemetryFrame } from '../testing/fixtures'
import { createHistoryLoader, historyToSamples } from './history'
import { useTelemetry } from './telemetry'

const series = (cell: number | null, channel: HistoryResponse['series'][number]['channel'], mean: number[]) => ({
  cell,
  channel,
  unit: '',
  t: [60, 120],
  min: mean,
  mean,
  max: mean,
  n: [1, 1],
})

describe('history to ring samples', () => {
  it('joins per-cell and stack series by bucket; stack substrate is the cells mean', () => {
    const history: HistoryResponse = {
      runId: 'r',
      fromS: 0,
      toS: 120,
      bucketS: 60,
      source: 'raw',
      series: [
        series(0, 'voltageV', [0.5, 0.6]),
        series(1, 'voltageV', [0.4, 0.3]),
        series(0, 'substrateMgL', [100, 90]),
        series(1, 'substrateMgL', [50, 30]),
        series(null, 'stack.voltageV', [0.9, 0.9]),
      ],
    }
    const samples = historyToSamples(history, 2)
    expect(samples).toHaveLength(2)
    expect(samples[1]!.simTimeS).toBe(120)
    expect(samples[1]!.cells[1]![0]).toBe(0.3)
    expect(samples[0]!.stack[0]).toBe(0.9)
    expect(samples[0]!.stack[3]).toBe(75)
    expect(samples[0]!.cells[0]![1]).toBeNaN() // current was not in the answer
  })
})

describe('the window history loader', () => {
  it('reads the history of a page opened mid-run even when only one frame has arrived yet', async () => {
    const asked: unknown[] = []
    const api = {
      history: async (request: unknown) => {
        asked.push(request)
        return { runId: 'late', fromS: 0, toS: 1, bucketS: 1, source: 'raw', series: [] } as HistoryResponse
      },
    } as unknown as TelemetryApi
    useTelemetry.getState().append({ ...telemetryFrame(3), runId: 'late', seq: 194, simTimeS: 11_640 }, 0)
    expect(await createHistoryLoader(api)(86_400)).toBeUndefined()
    expect(asked).toHaveLength(1)
  })
})
