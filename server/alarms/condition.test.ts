import { describe, expect, it } from 'vitest'
import { createCondition, type Limit } from './condition.js'

const reversal: Limit = { when: 'below', threshold: 0, deadband: 0.02, onDelayS: 60, offDelayS: 300 }

/** Feeds (time, value) samples and returns the changes with their times. */
const run = (limit: Limit, samples: Array<[number, number | undefined]>) => {
  const condition = createCondition(limit)
  return samples.flatMap(([t, v]) => {
    const change = condition.update(v, t)
    return change ? [`${change}@${t}`] : []
  })
}

describe('alarm condition', () => {
  it('raises only after the condition held for the on-delay', () => {
    expect(
      run(reversal, [
        [0, -0.1],
        [30, -0.1],
        [59, -0.1],
        [60, -0.1],
        [120, -0.1],
      ]),
    ).toEqual(['raised@60'])
    // Interrupted before the delay: nothing.
    expect(
      run(reversal, [
        [0, -0.1],
        [30, 0.01],
        [60, -0.1],
        [90, -0.1],
      ]),
    ).toEqual([])
  })

  it('does not flap on a value hovering at the threshold: clearing needs the deadband and the off-delay', () => {
    // Held below long enough to raise, then hovering within the deadband: it stays raised, no flapping.
    const hovering: Array<[number, number]> = [
      [0, -0.01],
      [60, -0.01],
      ...Array.from({ length: 40 }, (_v, i): [number, number] => [120 + i * 60, i % 2 ? 0.01 : -0.01]),
    ]
    expect(run(reversal, hovering)).toEqual(['raised@60'])
    const recovered: Array<[number, number]> = [
      [0, -0.05],
      [60, -0.05],
      [120, 0.03],
      [300, 0.03],
      [420, 0.03],
    ]
    expect(run(reversal, recovered)).toEqual(['raised@60', 'cleared@420'])
  })

  it('works the other way round for upper limits, and ignores samples without a value', () => {
    const overVoltage: Limit = { when: 'above', threshold: 0.8, deadband: 0.05, onDelayS: 0, offDelayS: 0 }
    expect(
      run(overVoltage, [
        [0, 0.9],
        [1, undefined],
        [2, 0.78],
        [3, 0.74],
      ]),
    ).toEqual(['raised@0', 'cleared@3'])
  })
})
