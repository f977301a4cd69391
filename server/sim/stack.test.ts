import { describe, expect, it } from 'vitest'
import { FARADAY_C_PER_MOL, nominalCellParameters as p, SECONDS_PER_DAY } from './parameters.js'
import type { ModelKind } from './stack-types.js'
import { testStack } from './testing/test-stack.js'

/** Runs `days` with step `stepS`, sampling current and substrate every 10 min; the load steps to 200 ohm after one day. */
function loadStepTrajectory(stepS: number, model: ModelKind): Array<[number, number]> {
  const { stack, inputs } = testStack({ model })
  const samples: Array<[number, number]> = []
  for (let t = 0; t < 2 * SECONDS_PER_DAY;) {
    if (t >= SECONDS_PER_DAY) inputs.loadOhm = 200
    const end = t + 600
    while (t < end - 1e-9) {
      const h = Math.min(stepS, end - t)
      stack.step(h / SECONDS_PER_DAY, inputs)
      t += h
    }
    samples.push([stack.outputs.cellCurrentA[0] as number, stack.substrateMgL[0] as number])
  }
  return samples
}

describe('integrator against a fine-step reference', () => {
  // Reference: the same scheme at 0.5 s, 120x finer than the default step.
  const reference = loadStepTrajectory(0.5, 'full')
  const coarse = loadStepTrajectory(60, 'full')

  it('steady-state current and power agree to < 0.1 % (measured ~1e-8)', () => {
    const [refI] = reference.at(-1) as [number, number]
    const [i] = coarse.at(-1) as [number, number]
    const currentError = Math.abs(i - refI) / refI
    const powerError = Math.abs(i * i - refI * refI) / (refI * refI)
    expect(currentError).toBeLessThan(1e-6)
    expect(powerError).toBeLessThan(1e-6)
  })

  it('the whole trajectory through a load step stays within 0.1 % in current (measured 0.06 %)', () => {
    const worst = Math.max(
      ...coarse.map(
        ([i], k) => Math.abs(i - (reference[k] as [number, number])[0]) / (reference[k] as [number, number])[0],
      ),
    )
    expect(worst).toBeLessThan(1e-3)
  })
})

describe('cell physics', () => {
  it('balances the mediator at steady state: I = Y_M q_a x_a m F V / (gamma 86400) to 1e-6', () => {
    const { stack, inputs } = testStack({ model: 'reduced' })
    for (let k = 0; k < 5 * 1440; k += 1) stack.step(60 / SECONDS_PER_DAY, inputs)
    const s = stack.substrateMgL[0] as number
    const m = stack.oxidisedMediator[0] as number
    const xa = stack.anodophilicMgL[0] as number
    const qa = ((p.qMaxAMgSPerMgXDay * s) / (p.kSAMgL + s)) * (m / (p.kMMgMPerMgX + m))
    const balance =
      (p.yMMgMPerMgS * qa * xa * p.electronsPerMediator * FARADAY_C_PER_MOL * p.anodeVolumeL) /
      (p.gammaMgMPerMol * SECONDS_PER_DAY)
    const current = stack.outputs.cellCurrentA[0] as number
    expect(Math.abs(current - balance) / balance).toBeLessThan(1e-6)
  })

  it('gives eq. (21) exactly for one cell: I (R_ext + R_int) = (E_OCV - eta) M_red / (eps + M_red)', () => {
    const { stack, inputs } = testStack()
    stack.step(60 / SECONDS_PER_DAY, inputs)
    const out = stack.outputs
    const mRed = p.mTotalMgMPerMgX - (stack.oxidisedMediator[0] as number)
    const eta = ((8.314472 * 298.15) / (2 * FARADAY_C_PER_MOL)) * Math.log(p.mTotalMgMPerMgX / mRed)
    const expected =
      (((out.openCircuitV[0] as number) - eta) / (50 + (out.internalOhm[0] as number))) *
      (mRed / (p.epsMgMPerMgX + mRed))
    expect(out.cellCurrentA[0]).toBeCloseTo(expected, 12)
    expect(out.cellVoltageV[0]).toBeCloseTo(50 * expected, 12)
  })

  it('keeps every state physical through starvation and recovery', () => {
    const { stack, inputs } = testStack()
    const check = () => {
      for (let i = 0; i < stack.cells; i += 1) {
        expect(stack.substrateMgL[i]).toBeGreaterThanOrEqual(0)
        expect(stack.anodophilicMgL[i]).toBeGreaterThan(0)
        expect(stack.methanogenicMgL[i]).toBeGreaterThanOrEqual(0)
        expect(stack.oxidisedMediator[i]).toBeGreaterThanOrEqual(0)
        expect(stack.oxidisedMediator[i]).toBeLessThanOrEqual(p.mTotalMgMPerMgX)
        expect(stack.outputs.cellCurrentA[i]).toBeGreaterThanOrEqual(0)
      }
    }
    inputs.influentMgL.fill(0)
    let previousS = Infinity
    for (let k = 0; k < 1440; k += 1) {
      stack.step(60 / SECONDS_PER_DAY, inputs)
      check()
      // Without feed substrate only falls (monotone), down to exhaustion.
      expect(stack.substrateMgL[0]).toBeLessThanOrEqual(previousS + 1e-12)
      previousS = stack.substrateMgL[0] as number
    }
    expect(stack.substrateMgL[0]).toBeLessThan(0.05)
    inputs.influentMgL.fill(3000)
    for (let k = 0; k < 1440; k += 1) {
      stack.step(60 / SECONDS_PER_DAY, inputs)
      check()
    }
    expect(stack.outputs.cellCurrentA[0]).toBeGreaterThan(1e-3)
  })
})

describe('series strings, and identical cells in every wiring', () => {
  it('lets a starved cell in a series string go into reversal, driven by its neighbours', () => {
    const { stack, inputs } = testStack({ cells: 5, loadOhm: 100 })
    inputs.influentMgL[2] = 0
    for (let k = 0; k < 1440; k += 1) stack.step(60 / SECONDS_PER_DAY, inputs)
    expect(stack.outputs.cellVoltageV[2]).toBeLessThan(0)
    expect(stack.oxidisedMediator[2]).toBe(p.mTotalMgMPerMgX) // mediator exhausted: no EMF of its own
    for (const healthy of [0, 1, 3, 4]) expect(stack.outputs.cellVoltageV[healthy]).toBeGreaterThan(0)
    // The one string current flows through every cell; Kirchhoff: cell voltages add up to the load's.
    const sum = Array.from(stack.outputs.cellVoltageV).reduce((a, b) => a + b, 0)
    expect(sum).toBeCloseTo(stack.outputs.loadVoltageV, 9)
    expect(stack.outputs.loadVoltageV).toBeCloseTo(stack.outputs.loadCurrentA * 100, 12)
  })

  it.each([
    ['series', 4, 200, undefined],
    ['parallel', 4, 12.5, undefined],
    ['series-parallel', 4, 50, 2],
    ['independent', 4, 50, undefined],
  ] as const)(
    'identical cells wired %s behave like one cell on its share of the load',
    (wiring, cells, loadOhm, cellsPerString) => {
      const single = testStack()
      const many = testStack({ cells, wiring, loadOhm, cellsPerString })
      for (let k = 0; k < 600; k += 1) {
        single.stack.step(60 / SECONDS_PER_DAY, single.inputs)
        many.stack.step(60 / SECONDS_PER_DAY, many.inputs)
      }
      for (let i = 0; i < cells; i += 1) {
        expect(many.stack.outputs.cellCurrentA[i]).toBeCloseTo(single.stack.outputs.cellCurrentA[0] as number, 9)
        expect(many.stack.substrateMgL[i]).toBeCloseTo(single.stack.substrateMgL[0] as number, 6)
      }
    },
  )
})

describe('parallel strings, open loads and cascades', () => {
  it.each([
    ['parallel', 6, 20, undefined],
    ['series-parallel', 6, 60, 2],
  ] as const)(
    "keeps Kirchhoff's laws at every step with unequal cells wired %s, through one cell's starvation",
    (wiring, cells, loadOhm, cellsPerString) => {
      const { stack, inputs } = testStack({
        cells,
        wiring,
        cellsPerString,
        loadOhm,
        spread: { fraction: 0.1, seed: 5 },
      })
      const strings = stack.spec.wiring.strings
      for (let k = 0; k < 2880; k += 1) {
        inputs.influentMgL[1] = k < 720 ? 300 : 0
        stack.step(60 / SECONDS_PER_DAY, inputs)
        if (k % 60 !== 59) continue
        const out = stack.outputs
        let total = 0
        for (const string of strings) {
          // Every string carries one current and its cell voltages add up to the shared node voltage
          // (to the solver's stopping point: 1e-13 of the currents, which is up to ~1e-10 V on a starving
          // cell's steep mediator knee, where the terminal voltage moves by ~1e5 V/A).
          const current = out.cellCurrentA[string[0] as number] as number
          for (const cell of string) expect(out.cellCurrentA[cell]).toBe(current)
          const voltage = string.reduce((sum, cell) => sum + (out.cellVoltageV[cell] as number), 0)
          expect(Math.abs(voltage - out.loadVoltageV)).toBeLessThan(1e-9)
          total += current
        }
        expect(Math.abs(total - out.loadVoltageV / loadOhm)).toBeLessThan(1e-12)
        expect(out.loadCurrentA).toBeCloseTo(total, 15)
      }
      expect(stack.outputs.cellVoltageV[1]).toBeLessThan(stack.outputs.cellVoltageV[0] as number) // the starved cell sags
    },
  )

  it('sends no current through an open load and lets parallel strings share the node voltage', () => {
    const { stack, inputs } = testStack({ cells: 2, wiring: 'parallel' })
    inputs.loadOhm = Infinity
    stack.step(60 / SECONDS_PER_DAY, inputs)
    expect(stack.outputs.loadCurrentA).toBeCloseTo(0, 12)
    expect(stack.outputs.loadVoltageV).toBeGreaterThan(0.5)
  })

  it('feeds a cascade with the effluent of the previous cell', () => {
    const { stack, inputs } = testStack({ cells: 2, wiring: 'independent', feeding: 'cascade' })
    for (let k = 0; k < 1440; k += 1) stack.step(60 / SECONDS_PER_DAY, inputs)
    // The second cell only sees what the first left: it runs starved, far below the first.
    expect(stack.substrateMgL[1]).toBeLessThan((stack.substrateMgL[0] as number) / 2)
    expect(stack.outputs.cellCurrentA[1]).toBeLessThan(stack.outputs.cellCurrentA[0] as number)
  })
})
