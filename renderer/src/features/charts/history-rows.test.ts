import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../../../server/contract/telemetry'
import { historyChannelOf, historyRows, mergeRuns, requestedChannels } from './history-rows'

const history = (mean: number[]): HistoryResponse => ({
  runId: 'r',
  fromS: 0,
  toS: 120,
  bucketS: 60,
  source: 'raw',
  series: [
    { cell: 1, channel: 'voltageV', unit: 'V', t: [60, 120], min: mean, mean, max: mean, n: [1, 1] },
    {
      cell: null,
      channel: 'stack.loadOhm',
      unit: 'ohm',
      t: [60, 120],
      min: [600, 450],
      mean: [600, 450],
      max: [600, 450],
      n: [1, 1],
    },
  ],
})

describe('history in the charts', () => {
  it('maps chart series to recorded channels (the stack substrate is not recorded)', () => {
    expect(historyChannelOf({ cell: 'stack', channel: 'loadOhm' })).toBe('stack.loadOhm')
    expect(historyChannelOf({ cell: 'stack', channel: 'substrateMgL' })).toBeUndefined()
    expect(historyChannelOf({ cell: 2, channel: 'loadOhm' })).toBeUndefined()
    expect(requestedChannels(['stack', 1], ['voltageV', 'substrateMgL'])).toEqual([
      'stack.voltageV',
      'voltageV',
      'substrateMgL',
    ])
  })

  it('turns bucket means into rows keyed like the live charts, per run, and joins two runs on one axis', () => {
    const a = historyRows(history([0.5, 0.6]), 'a_')
    expect(a).toEqual([
      { t: 60, a_cell1_voltageV: 0.5, a_stack_loadOhm: 600 },
      { t: 120, a_cell1_voltageV: 0.6, a_stack_loadOhm: 450 },
    ])
    const both = mergeRuns(
      a,
      historyRows(
        { ...history([0.4, 0.3]), series: history([0.4, 0.3]).series.map((s) => ({ ...s, t: [30, 90] })) },
        'b_',
      ),
    )
    expect(both.map((r) => r.t)).toEqual([30, 60, 90, 120])
    expect(both[0]).toMatchObject({ b_cell1_voltageV: 0.4 })
  })
})
