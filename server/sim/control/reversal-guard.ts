import { resistanceOhm } from '../bounds.js'
import type { Actuators, Controller, Observation } from './controller.js'
import { circuitHealth, createLearnedFloor, type LearnedFloor, type ReversalLimit } from './learned-floor.js'

export type { ReversalLimit } from './learned-floor.js'

/** The model's range of loads: a floor never goes beyond it, and one stepped down below it is gone. */
const BOUNDS = { minOhm: resistanceOhm.minValue ?? 0, maxOhm: resistanceOhm.maxValue ?? Infinity }

/** The floors so far: the shared load's and each cell's own (-Infinity: none). */
export type ReversalFloors = { loadOhm: number; cellLoadOhm: readonly number[] }

/**
 * The reversal-aware lower limit on R_ext for the simulation's controllers, the twin of the station's
 * hardware floor (server/control/reversal-floor.ts), on simulated time. Which load governs a cell depends on
 * the wiring, so both are learned: the shared load's from every cell (series strings) and each cell's own
 * load from that cell (separate loads); the model leaves the other unused. The floors outlive a controller
 * switch; a fixed load set by an operator is no controller decision and is left alone.
 */
export function createReversalGuard(limit: ReversalLimit) {
  const loadFloor = createLearnedFloor(limit, BOUNDS)
  const cellFloors: LearnedFloor[] = []
  const learn = ({ timeS, cellVoltageV, actuators }: Observation) => {
    loadFloor.observe(timeS, circuitHealth(cellVoltageV, limit), actuators.loadOhm)
    cellVoltageV.forEach((voltageV, index) => {
      const floor = (cellFloors[index] ??= createLearnedFloor(limit, BOUNDS))
      floor.observe(timeS, circuitHealth([voltageV], limit), actuators.cellLoadOhm[index])
    })
  }
  const clamp = (change: Partial<Actuators>): Partial<Actuators> => {
    const clamped = { ...change }
    if (change.loadOhm !== undefined) clamped.loadOhm = Math.max(change.loadOhm, loadFloor.value())
    if (change.cellLoadOhm !== undefined)
      clamped.cellLoadOhm = change.cellLoadOhm.map((ohm, index) =>
        Math.max(ohm, cellFloors[index]?.value() ?? -Infinity),
      )
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
      loadOhm: loadFloor.value(),
      cellLoadOhm: cellFloors.map((floor) => floor.value()),
    }),
  }
}

export type ReversalGuard = ReturnType<typeof createReversalGuard>
