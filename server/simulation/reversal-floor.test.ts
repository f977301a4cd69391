import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { controlConfigSchema } from '../config/control-schema.js'
import { createRandom } from '../sim/random.js'
import { parseRunConfig } from '../sim/run-config.js'
import { createRun } from '../sim/run.js'
import { defaultScenarioPath } from './scenario.js'

/** The station's defaults, as the simulation module hands them to the engine. */
const stationDefault = controlConfigSchema.parse({}).reversalLimit

describe('the reversal floor on the default simulated stack (docs/control.md "Reversal limit")', () => {
  it("keeps MPPT from reversing the default stack's weak cell, which it drives below 0 V unguarded", () => {
    const scenario = JSON.parse(readFileSync(defaultScenarioPath(), 'utf8')) as object
    const config = parseRunConfig({ ...scenario, controller: { kind: 'mppt' } })
    const weakest = (guarded: boolean) => {
      const run = createRun(config, createRandom(config.seed), guarded ? stationDefault : undefined)
      let lowest = Infinity
      for (let step = 0; step < 6 * 48; step += 1) {
        run.advance(600)
        const snapshot = run.snapshot()
        // The first two hours are the weak cell's start-up, reversed at the scenario's own fixed load too.
        if (step >= 12) lowest = Math.min(lowest, ...snapshot.cells.map((cell) => cell.voltageV))
        const floor = run.reversalFloors()?.loadOhm ?? -Infinity
        expect(snapshot.stack.actuators.loadOhm).toBeGreaterThanOrEqual(floor)
      }
      return { lowest, powerW: run.snapshot().stack.powerW }
    }
    const free = weakest(false)
    expect(free.lowest).toBeLessThan(-0.3)
    const held = weakest(true)
    expect(held.lowest).toBeGreaterThan(stationDefault.thresholdV)
    // The floor learned during the start-up stepped down again once the cell had grown: MPPT harvests more
    // than unguarded (where the reversed cell costs power), not the half it got from a floor that only rose.
    expect(held.powerW).toBeGreaterThan(free.powerW)
  })
})
