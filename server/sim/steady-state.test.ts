import { describe, expect, it } from 'vitest'
import { FARADAY_C_PER_MOL, nominalCellParameters as p, SECONDS_PER_DAY } from './parameters.js'
import type { FeedingKind } from './stack-types.js'
import { solveLinearWork, steadyStateWork } from './steady-state.js'
import { polarizationSweepWork, settleWork } from './sweep.js'
import { testStack } from './testing/test-stack.js'
import { finish } from './work.js'
import type { WiringKind } from './wiring.js'

/** A reduced-model stack with 5 % parameter spread, run for a day at `loadOhm` so the biofilm is as a run leaves it. */
function grownStack(
  cells: number,
  wiring: WiringKind,
  loadOhm: number,
  feeding: FeedingKind = 'parallel',
  cellsPerString?: number,
) {
  const { stack, inputs } = testStack({
    cells,
    wiring,
    cellsPerString,
    feeding,
    loadOhm,
    influentMgL: 400,
    spread: { fraction: 0.05, seed: 3 },
  })
  for (let k = 0; k < 1440; k += 1) stack.step(60 / SECONDS_PER_DAY, inputs)
  return { stack: stack.clone('reduced'), inputs }
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12)

describe('direct steady-state solve', () => {
  it.each([
    ['one cell', 1, 'series', 'parallel', undefined, [2000, 150, 40, 10]],
    ['five cells in series', 5, 'series', 'parallel', undefined, [10_000, 600, 150, 40]],
    ['four cells in parallel', 4, 'parallel', 'parallel', undefined, [500, 30, 8, 2]],
    ['2 x 3 series-parallel', 6, 'series-parallel', 'parallel', 3, [2000, 120, 40]],
    ['three cells in cascade, own loads', 3, 'independent', 'cascade', undefined, [2000, 60, 15]],
  ] as const)(
    'agrees with marching the model to its fixed point: %s',
    (_name, cells, wiring, feeding, perString, loads) => {
      const { stack, inputs } = grownStack(cells, wiring, loads[0], feeding, perString)
      const marched = stack.clone()
      for (const load of loads) {
        inputs.loadOhm = load
        inputs.cellLoadOhm.fill(load)
        expect(finish(steadyStateWork(stack, inputs, { tolerance: 1e-12 }))).toBe(true)
        finish(settleWork(marched, inputs, 1e-12, 60))
        for (let i = 0; i < cells; i += 1) {
          expect(
            relative(stack.outputs.cellCurrentA[i] as number, marched.outputs.cellCurrentA[i] as number),
          ).toBeLessThan(1e-7)
          expect(relative(stack.substrateMgL[i] as number, marched.substrateMgL[i] as number)).toBeLessThan(1e-7)
        }
      }
    },
  )

  it('is an exact steady state: the mediator balance I = Y_M q_a x_a m F V / (gamma 86400) holds to 1e-9, and a step leaves it in place', () => {
    const { stack, inputs } = grownStack(1, 'series', 100)
    expect(finish(steadyStateWork(stack, inputs, { tolerance: 1e-12 }))).toBe(true)
    const s = stack.substrateMgL[0] as number
    const m = stack.oxidisedMediator[0] as number
    const xa = stack.anodophilicMgL[0] as number
    const cell = stack.spec.parameters[0] ?? p
    const qa = ((cell.qMaxAMgSPerMgXDay * s) / (cell.kSAMgL + s)) * (m / (cell.kMMgMPerMgX + m))
    const balance =
      (cell.yMMgMPerMgS * qa * xa * cell.electronsPerMediator * FARADAY_C_PER_MOL * cell.anodeVolumeL) /
      (cell.gammaMgMPerMol * SECONDS_PER_DAY)
    const current = stack.outputs.cellCurrentA[0] as number
    expect(relative(current, balance)).toBeLessThan(1e-9)
    stack.step(60 / SECONDS_PER_DAY, inputs)
    expect(relative(stack.outputs.cellCurrentA[0] as number, current)).toBeLessThan(1e-9)
    expect(relative(stack.substrateMgL[0] as number, s)).toBeLessThan(1e-9)
  })

  it('sweeps a 5-cell stack in a few milliseconds and refines the MPP between grid points', () => {
    const { stack, inputs } = grownStack(5, 'series', 750)
    const sweep = finish(polarizationSweepWork(stack, inputs, { minOhm: 50, maxOhm: 10_000, points: 40 }))
    expect(sweep.points).toHaveLength(40)
    const best = sweep.points.reduce((a, b) => (b.powerW > a.powerW ? b : a))
    expect(sweep.mpp.powerW).toBeGreaterThanOrEqual(best.powerW)
    expect(sweep.points.some((point) => point.rExtOhm === sweep.mpp.rExtOhm)).toBe(false)
    // Power just either side of the refined MPP is lower: it is the peak, not only near it.
    for (const factor of [0.99, 1.01]) {
      const probe = stack.clone('reduced')
      const probeInputs = { ...inputs, loadOhm: sweep.mpp.rExtOhm * factor }
      expect(finish(steadyStateWork(probe, probeInputs, { tolerance: 1e-12 }))).toBe(true)
      expect(probe.outputs.loadCurrentA * probe.outputs.loadVoltageV).toBeLessThan(sweep.mpp.powerW)
    }
  })
})

describe('dense linear solve', () => {
  it('solves with partial pivoting and reports a singular matrix', () => {
    const b = Float64Array.of(3, 5)
    expect(finish(solveLinearWork(Float64Array.of(0, 1, 2, 1), b, 2))).toBe(true)
    expect(Array.from(b)).toEqual([1, 3])
    expect(finish(solveLinearWork(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 2), 2))).toBe(false)
  })
})
