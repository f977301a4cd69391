import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../../server/contract/telemetry'
import { historyToSamples } from './history'

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
