import { describe, expect, it } from 'vitest'
import { createSimulationEngine } from '../../sim/engine.js'
import { nominalCellParameters, type CellState } from '../../sim/parameters.js'
import { createStack } from '../../sim/stack.js'
import { createStackInputs } from '../../sim/stack-types.js'
import { finish } from '../../sim/work.js'
import { buildWiring } from '../../sim/wiring.js'
import { createSteadyCell } from './cell-steady-state.js'
import { startingBiofilm } from './polarization-model.js'

const conditions = { influentMgL: 600, flowLPerDay: 0.1527, temperatureK: 298.15 }

describe('steady states of one cell', () => {
  /** The engine's full model of one cell from `state`, marched `days` at the default step on `rExtOhm`. */
  function march(state: CellState, rExtOhm: number, days: number) {
    const stack = createStack({
      ...{ parameters: [nominalCellParameters], initial: [state], wiring: buildWiring('series', 1) },
      ...{ feeding: 'parallel', model: 'full' },
    })
    const inputs = createStackInputs(1)
    inputs.loadOhm = rExtOhm
    inputs.feedLPerDay[0] = conditions.flowLPerDay
    inputs.influentMgL[0] = conditions.influentMgL
    for (let step = 0; step < days * 1440; step += 1) stack.step(60 / 86_400, inputs)
    return { voltageV: stack.outputs.loadVoltageV, methanogenicMgL: stack.methanogenicMgL[0] as number }
  }

  it.each([50, 156, 500])(
    'the long-run state at %i ohm is a stable fixed point of the engine’s full model',
    (rExtOhm) => {
      const point = finish(createSteadyCell(nominalCellParameters, conditions).longRunWork(rExtOhm, startingBiofilm))
      const state: CellState = {
        substrateMgL: point.substrateMgL,
        anodophilicMgL: point.biofilm.anodophilicMgL,
        methanogenicMgL: point.biofilm.methanogenicMgL,
        oxidisedMediatorMgMPerMgX: point.oxidisedMediatorMgMPerMgX,
      }
      // Fixed: 30 days from it do not move it.
      expect(march(state, rExtOhm, 30).voltageV).toBeCloseTo(point.voltageV, 5)
      // Stable: nudged off it, the biofilm comes back (the methanogens take weeks: 1/mu_max,m is 10 days).
      const nudged = { ...state, methanogenicMgL: state.methanogenicMgL + 5 }
      const after = march(nudged, rExtOhm, 60)
      expect(Math.abs(after.methanogenicMgL - point.biofilm.methanogenicMgL)).toBeLessThan(2.5)
    },
    60_000,
  )

  it('with the biofilm held, agrees with the engine’s own polarization sweep of a cell with that biofilm', () => {
    const cell = createSteadyCell(nominalCellParameters, conditions)
    const grown = finish(cell.longRunWork(156, startingBiofilm)).biofilm
    const engine = createSimulationEngine(
      { feed: { influentMgL: conditions.influentMgL }, cell: { initial: grown }, load: { rExtOhm: 156 } },
      { now: () => 0 },
    )
    const sweep = engine.sweep({ minOhm: 20, maxOhm: 2000, points: 8 })
    for (const point of sweep.points) {
      const ours = finish(cell.fastWork(grown, point.rExtOhm))
      expect(ours.voltageV).toBeCloseTo(point.voltageV, 8)
      expect(ours.currentA).toBeCloseTo(point.currentA, 10)
    }
  })

  it('a cell on a load too weak to feed its anodophiles ends with them washed out, not as a thriving cell', () => {
    const point = finish(createSteadyCell(nominalCellParameters, conditions).longRunWork(1e5, startingBiofilm))
    expect(point.biofilm.anodophilicMgL).toBeLessThan(1)
    expect(point.voltageV).toBeLessThan(0.05)
  })
})
