import { describe, expect, it } from 'vitest'
import type { HistoryChannel, HistoryResponse } from '../contract/telemetry.js'
import { computeLabMetrics } from './calculator.js'

const DAY = 86_400
const COD_PER_ACETATE = 64 / 59.04
const COULOMBS_PER_MG_COD = (4 * 96_485) / 32_000

/** A history of constant series over one day, three samples each. */
function history(values: Array<{ cell: number | null; channel: HistoryChannel; value: number }>): HistoryResponse {
  const t = [0, DAY / 2, DAY]
  return {
    runId: 'r1',
    fromS: 0,
    toS: DAY,
    bucketS: DAY / 2,
    source: 'raw',
    series: values.map(({ cell, channel, value }) => ({
      ...{ cell, channel, unit: '', t, min: t.map(() => value), max: t.map(() => value) },
      ...{ mean: t.map(() => value), n: t.map(() => 1) },
    })),
  }
}

const twoCells = (substrate: [number, number]) =>
  history([
    ...[0, 1].flatMap((cell) => [
      { cell, channel: 'powerW' as const, value: 1e-3 },
      { cell, channel: 'currentA' as const, value: 1e-3 },
      { cell, channel: 'substrateMgL' as const, value: substrate[cell] as number },
    ]),
    { cell: null, channel: 'stack.powerW', value: 2e-3 },
    { cell: null, channel: 'stack.feedActualLPerDay', value: 0.1 },
  ])

/** Two simulated cells, 20 cm² each and the second 0.1 L, fed 300 mg/L, with the model's stack figures. */
const simulatedRun = () =>
  computeLabMetrics({
    run: {
      ...{ runId: 'r1', source: 'simulation', cells: 2 },
      config: {
        feed: { influentMgL: 300 },
        cell: { parameters: { anodeAreaCm2: 20 } },
        cells: [{ index: 1, parameters: { anodeVolumeL: 0.1 } }],
      },
    },
    history: twoCells([100, 100]),
    model: { trackingEfficiencyPct: 91, methaneMl: 3 },
  })

describe('lab metrics of a run', () => {
  it('a simulated run: densities per area and volume, energy, COD and CE by hand', () => {
    const metrics = simulatedRun()
    const [first, second] = metrics.cells.map((row) => row.values)
    const removedMg = 0.1 * (300 - 100) * COD_PER_ACETATE
    expect(first?.energyJ.value).toBeCloseTo(86.4, 9)
    expect(first?.energyWh.value).toBeCloseTo(0.024, 9)
    expect(first?.meanPowerW.value).toBeCloseTo(1e-3, 12)
    expect(first?.powerDensityAreaWPerM2.value).toBeCloseTo(0.5, 9)
    expect(first?.powerDensityVolumeWPerM3.value).toBeCloseTo(20, 9)
    expect(second?.powerDensityVolumeWPerM3.value).toBeCloseTo(10, 9)
    expect(first?.codRemovalPct.value).toBeCloseTo((100 * 200) / 300, 9)
    expect(first?.codRemovalRateGPerLDay.value).toBeCloseTo(removedMg / 1000 / 0.05, 9)
    expect(second?.codRemovalRateGPerLDay.value).toBeCloseTo(removedMg / 1000 / 0.1, 9)
    expect(first?.coulombicEfficiencyPct.value).toBeCloseTo((100 * 86.4) / (COULOMBS_PER_MG_COD * removedMg), 9)
    expect(first?.trackingEfficiencyPct).toEqual({ value: null, reason: 'a stack figure' })
  })

  it('the stack of that run: totals over the cells, the model figures', () => {
    const metrics = simulatedRun()
    const removedMg = 0.1 * (300 - 100) * COD_PER_ACETATE
    const stack = metrics.stack.values
    expect(stack.energyJ.value).toBeCloseTo(172.8, 9)
    expect(stack.powerDensityAreaWPerM2.value).toBeCloseTo(2e-3 / 40e-4, 9)
    expect(stack.powerDensityVolumeWPerM3.value).toBeCloseTo(2e-3 / 0.15e-3, 9)
    expect(stack.coulombicEfficiencyPct.value).toBeCloseTo((100 * 172.8) / (COULOMBS_PER_MG_COD * 2 * removedMg), 9)
    expect(stack.trackingEfficiencyPct.value).toBe(91)
    expect(stack.methaneMl.value).toBe(3)
    expect(metrics.coveredS).toBe(DAY)
    expect(metrics.definitions.map((definition) => definition.id)).toContain('powerDensityAreaWPerM2')
  })
})

describe('lab metrics: feeding, hardware, empty runs', () => {
  it('a cascade feeds each cell the upstream effluent; the stack removal is against the influent only', () => {
    const metrics = computeLabMetrics({
      run: {
        runId: 'r1',
        source: 'simulation',
        cells: 2,
        config: { stack: { feeding: 'cascade' }, feed: { influentMgL: 300 } },
      },
      history: twoCells([200, 100]),
    })
    expect(metrics.cells[0]?.values.codRemovalPct.value).toBeCloseTo(100 / 3, 9)
    expect(metrics.cells[1]?.values.codRemovalPct.value).toBeCloseTo(50, 9)
    expect(metrics.stack.values.codRemovalPct.value).toBeCloseTo((100 * 200) / 300, 9)
    expect(metrics.stack.values.trackingEfficiencyPct.reason).toMatch(/current run/)
  })

  it('a hardware run: densities from the instruments cells entries, COD and model figures null with reasons', () => {
    const metrics = computeLabMetrics({
      run: { runId: 'r1', source: 'hardware', cells: 2, config: { cells: [{ cell: 1, anodeAreaCm2: 10 }] } },
      history: twoCells([100, 100]),
      online: {
        runId: 'r1',
        stack: { internalOhm: 300, openCircuitV: 1.4, steps: 3, lastAtS: 10 },
        cells: [{ internalOhm: 150, openCircuitV: 0.7, steps: 3, lastAtS: 10 }],
      },
    })
    const first = metrics.cells[0]!.values
    expect(first.powerDensityAreaWPerM2.value).toBeCloseTo(1, 9)
    expect(first.powerDensityVolumeWPerM3).toEqual({
      value: null,
      reason: 'the instruments.cells entry of cell 1 has no anodeVolumeL',
    })
    expect(first.coulombicEfficiencyPct.reason).toMatch(/influent COD/)
    expect(first.internalResistanceOhm.value).toBe(150)
    expect(metrics.cells[1]!.values.internalResistanceOhm.value).toBeNull()
    expect(metrics.stack.values.internalResistanceOhm.value).toBe(300)
    expect(metrics.stack.values.powerDensityAreaWPerM2.reason).toMatch(/cell 2 has no anodeAreaCm2/)
    expect(metrics.stack.values.methaneMl.reason).toMatch(/hardware run has none/)
  })

  it('fewer than two frames gives no figures, each with its reason', () => {
    const metrics = computeLabMetrics({
      run: { runId: 'r1', source: 'simulation', cells: 1, config: {} },
      history: { runId: 'r1', fromS: 0, toS: 1, bucketS: 1, source: 'raw', series: [] },
    })
    expect(metrics.stack.values.energyJ).toEqual({ value: null, reason: 'fewer than two recorded frames' })
    expect(metrics.cells[0]?.values.codRemovalPct.reason).toMatch(/fewer than two recorded substrate values/)
  })
})
