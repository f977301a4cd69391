import type { TelemetryFrame } from '../contract/stream.js'
import type { Actuators, Observation } from '../sim/control/controller.js'

/**
 * What a controller sees of a hardware stack (the simulation builds the same from its sensors): the newest
 * frame's measured values, absent ones as null, and the actuators as last commanded. Power is the stack's
 * where it is measured, else the sum of the cells' V x I when every cell has one.
 */
export function observationOf(frame: TelemetryFrame, actuators: Actuators, substrateTargetMgL: number): Observation {
  const cellPowerW = frame.cells.map((cell) => cell.powerW ?? null)
  const summed = cellPowerW.every((power) => power !== null)
    ? cellPowerW.reduce<number>((sum, power) => sum + power, 0)
    : null
  return {
    timeS: frame.simTimeS,
    substrateMgL: frame.cells.map((cell) => cell.substrateMgL ?? null),
    cellVoltageV: frame.cells.map((cell) => cell.voltageV ?? null),
    powerW: frame.stack.powerW ?? (frame.cells.length > 0 ? summed : null),
    cellPowerW,
    actuators,
    substrateTargetMgL,
  }
}
