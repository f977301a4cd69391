import { resistanceOhm } from '../bounds.js'
import type { Actuators, Controller, Observation } from './controller.js'

/** docs/control.md "Reversal limit": a cell below thresholdV makes its circuit's load plus the margin a floor. */
export type ReversalLimit = { thresholdV: number; marginFraction: number }

/** The highest load the model takes: a floor never goes beyond it. */
const MAX_OHM = resistanceOhm.maxValue ?? Infinity

/** The floors so far: the shared load's and each cell's own (-Infinity: none yet). */
export type ReversalFloors = { loadOhm: number; cellLoadOhm: readonly number[] }

/**
 * The reversal-aware lower limit on R_ext for the simulation's controllers, the twin of the station's
 * hardware floor (server/control/reversal-floor.ts). Which load governs a cell depends on the wiring, so
 * both are raised: the shared load (series strings) and the cell's own (separate loads); the other is
 * unused by the model. The floors only rise and outlive a controller switch; a fixed load set by an
 * operator is no controller decision and is left alone.
 */
export function createReversalGuard(limit: ReversalLimit) {
  let loadFloor = -Infinity
  const cellFloors: number[] = []
  const raised = (floor: number, ohm: number) => Math.max(floor, Math.min(ohm * (1 + limit.marginFraction), MAX_OHM))
  const learn = ({ cellVoltageV, actuators }: Observation) => {
    cellVoltageV.forEach((voltageV, index) => {
      if (voltageV === null || voltageV >= limit.thresholdV) return
      loadFloor = raised(loadFloor, actuators.loadOhm)
      const own = actuators.cellLoadOhm[index]
      if (own !== undefined) cellFloors[index] = raised(cellFloors[index] ?? -Infinity, own)
    })
  }
  const clamp = (change: Partial<Actuators>): Partial<Actuators> => {
    const clamped = { ...change }
    if (change.loadOhm !== undefined) clamped.loadOhm = Math.max(change.loadOhm, loadFloor)
    if (change.cellLoadOhm !== undefined)
      clamped.cellLoadOhm = change.cellLoadOhm.map((ohm, index) => Math.max(ohm, cellFloors[index] ?? -Infinity))
    return clamped
  }
  return {
    /** The controller with its load writes held at or above the floors. */
    guard: (controller: Controller): Controller => ({
      kind: controller.kind,
      periodS: controller.periodS,
      decide(observation) {
        learn(observation)
        return clamp(controller.decide(observation))
      },
    }),
    floors: (): ReversalFloors => ({
      loadOhm: loadFloor,
      cellLoadOhm: Array.from(cellFloors, (ohm) => ohm ?? -Infinity),
    }),
  }
}

export type ReversalGuard = ReturnType<typeof createReversalGuard>
