import { describe, expect, it } from 'vitest'
import { procedureDefinitionSchema, type ProcedureDefinitionInput } from '../../contract/procedures.js'
import type { ActuatorStatus } from '../../contract/control.js'
import { loadSnapping } from '../../procedures/procedure-stack.js'
import { createSimulationEngine } from '../../sim/engine.js'
import type { RunConfigInput } from '../../sim/run-config.js'
import { INTERLOCK_NOTE } from './procedure-what-if.js'
import { runWhatIf, type WhatIfPlan } from './what-if.js'

/** An R_ext actuator as the control port lists it: a resistor bank of `values` within 10 Ω..10 kΩ. */
const bankActuator = (values: number[]): ActuatorStatus => ({
  ...{ id: 'stack-rext', kind: 'resistance', device: 'bank', address: '1', cell: null, unit: 'ohm' },
  ...{ min: 10, max: 10_000, safe: 1000, values, commanded: 500, measured: 500, mismatch: false, state: 'ok' },
  ...{ writes: 0, failures: 0, lastError: null },
})

const WALL_START = new Date(2026, 0, 1, 12, 0).getTime()

/** One nominal cell on 500 Ω under the fixed controller, for `horizonS`. */
const config = (horizonS: number): RunConfigInput => ({
  name: 'what-if',
  durationS: horizonS,
  stack: { cells: 1 },
  load: { rExtOhm: 500 },
  controller: { kind: 'fixed' },
  metrics: { warmupS: 0, optimumPeriodS: 0 },
})

function savedPlan(input: ProcedureDefinitionInput, snapLoad: (ohm: number, last: number | undefined) => number) {
  const procedure = { ...procedureDefinitionSchema.parse(input), id: 'p', updatedAtMs: 0, updatedBy: 'ann' }
  const plan: WhatIfPlan = {
    ...{ label: procedure.name, controller: { kind: 'fixed' }, procedure: [] },
    saved: { procedure, snapLoad, wallStartMs: WALL_START },
  }
  return plan
}

describe('a saved procedure on the twin', () => {
  it('predicts its load steps, snapped to the bank, at the simulated times of every pass', async () => {
    // The procedures module's own snapping, on a hardware stack with one R_ext bank.
    const bankSnap = loadSnapping({
      ...{ source: 'hardware', actuators: () => [bankActuator([100, 330, 1000, 3300])] },
      reversalFloorOhm: () => ({}),
    })
    const snaps: Array<[number, number | undefined]> = []
    const snap = (ohm: number, last: number | undefined) => {
      snaps.push([ohm, last])
      return bankSnap(ohm, last)
    }
    const plan = savedPlan(
      {
        name: 'two loads',
        steps: [
          { kind: 'setLoad', ohm: 300 },
          { kind: 'wait', durationS: 600 },
          { kind: 'setLoad', ohm: 900 },
          { kind: 'wait', durationS: 300 },
          { kind: 'repeat', everyS: 1800, times: 2 },
        ],
      },
      snap,
    )
    const outcome = await runWhatIf(config(3600), plan, 120, () => performance.now())
    expect(snaps).toEqual([
      [300, 500],
      [900, 330],
      [300, 1000],
      [900, 330],
    ])
    const loads = outcome.procedure!.events.filter(
      (event) => event.action === 'step-started' && /load/i.test(event.message),
    )
    expect(loads.map((event) => event.atS)).toEqual([0, 600, 1800, 2400])
    const finished = outcome.procedure!.events.find((event) => event.action === 'finished')
    expect(finished?.atS).toBe(2700)
    expect(outcome.notes).toEqual([INTERLOCK_NOTE])
    // The stack's power follows the loads: 330 Ω and 1000 Ω give different steady powers.
    const powerAt = (t: number) => outcome.powerW[outcome.timeS.findIndex((s) => s >= t)]!
    expect(Math.abs(powerAt(590) - powerAt(1190)) / powerAt(590)).toBeGreaterThan(0.02)
  })

  it('a daily repeat waits for the simulated wall clock', async () => {
    const plan = savedPlan(
      {
        name: 'daily',
        steps: [
          { kind: 'setLoad', ohm: 800 },
          { kind: 'repeat', dailyAt: '13:30', times: 2 },
        ],
      },
      (ohm) => ohm,
    )
    const outcome = await runWhatIf(config(2 * 86_400), plan, 100, () => performance.now())
    const loads = outcome.procedure!.events.filter((event) => event.action === 'step-started')
    expect(loads).toHaveLength(2)
    expect(loads[0]!.atS).toBeCloseTo(5400, 6)
    expect(loads[1]!.atS).toBeCloseTo(5400 + 86_400, 6)
  })
})

describe('a saved procedure on the twin, measuring and failing', () => {
  // E^2/4R_int is no reference for the nominal cell: it is limited by its substrate and mediator, not its
  // ohmic R_int (25 Ω, where E^2/4R_int is 2.3 times what it delivers), and its state drifts over a long
  // sweep. The sweep is checked against the model it ran on: E at the open circuit, V^2/R on each load.
  it('a sweep step predicts the curve on the twin model: its OCV, each load, and the MPP among them', async () => {
    const resistorsOhm = Array.from({ length: 9 }, (_, i) => Math.round(80 * 1.2 ** i))
    const plan = savedPlan(
      { name: 'sweep', steps: [{ kind: 'polarizationSweep', resistorsOhm, dwellS: 1800, sampleS: 60 }] },
      (ohm) => ohm,
    )
    const outcome = await runWhatIf(config(86_400), plan, 100, () => performance.now())
    const sweep = outcome.procedure!.sweeps[0]!
    expect(sweep.atS).toBe(0)
    expect(sweep.points.map((point) => point.rExtOhm)).toEqual([null, ...resistorsOhm])
    const open = createSimulationEngine({ ...config(1800), load: { rExtOhm: 1e7 } }, { now: () => 0 })
    const modelE = open.advanceSim(1800).cells[0]!.openCircuitV
    expect(Math.abs(sweep.points[0]!.voltageV - modelE) / modelE).toBeLessThan(0.02)
    for (const point of sweep.points.slice(1)) expect(point.powerW).toBeCloseTo(point.voltageV ** 2 / point.rExtOhm!, 9)
    const best = Math.max(...sweep.points.map((point) => point.powerW))
    expect(sweep.maximumPowerPoint!.powerW).toBe(best)
    expect(sweep.maximumPowerPoint!.rExtOhm).not.toBeNull()
  })

  it('a step the twin cannot run fails the prediction with its reason, noted in the outcome', async () => {
    const plan = savedPlan(
      {
        name: 'bad controller',
        steps: [
          { kind: 'switchController', controller: { kind: 'mppt', stepFraction: -5 } },
          { kind: 'wait', durationS: 60 },
        ],
      },
      (ohm) => ohm,
    )
    const outcome = await runWhatIf(config(600), plan, 10, () => performance.now())
    expect(outcome.notes).toHaveLength(2)
    expect(outcome.notes![1]).toMatch(/step 1 .* failed/)
    expect(outcome.procedure!.events.at(-1)!.action).toBe('failed')
  })
})
