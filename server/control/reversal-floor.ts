import type { ControlConfig } from '../config/control-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { Actuation } from '../instruments/actuation.js'
import { circuitHealth, createLearnedFloor, type LearnedFloor } from '../sim/control/learned-floor.js'
import type { Actuator } from './actuator.js'

/**
 * The reversal-aware lower limit on R_ext (docs/control.md "Reversal limit"): in a series stack the weakest
 * cell reverses first as R_ext falls, so the R_ext at which any cell of an actuator's circuit dropped below
 * thresholdV, plus a margin, becomes that actuator's floor for every later controller write; it steps down
 * again after the circuit's cells stayed healthy for relaxAfterS of wall time. The stack's load governs every
 * cell; without one, a cell's own load governs it, and a cell with neither holds every cell load.
 */
export function createReversalFloor(
  settings: ControlConfig['reversalLimit'],
  parts: {
    stackLoad: Actuator | undefined
    cellLoads: readonly Actuator[]
    actuation: Pick<Actuation, 'commanded' | 'measured'>
  },
) {
  const floors = new Map<string, LearnedFloor>()
  const floorOf = (actuator: Actuator) => {
    let floor = floors.get(actuator.mapping.id)
    if (!floor) {
      floor = createLearnedFloor(settings, { minOhm: actuator.limits.min, maxOhm: actuator.limits.max })
      floors.set(actuator.mapping.id, floor)
    }
    return floor
  }
  /** The cells (by index) whose circuit an actuator closes. */
  const cellsOf = (actuator: Actuator, cells: number): number[] => {
    if (actuator === parts.stackLoad) return Array.from({ length: cells }, (_v, index) => index)
    const own = Array.from({ length: cells }, (_v, index) => index).filter(
      (index) => actuator.mapping.cell === index + 1,
    )
    const orphans = Array.from({ length: cells }, (_v, index) => index).filter(
      (index) => !parts.cellLoads.some((load) => load.mapping.cell === index + 1),
    )
    return [...own, ...orphans]
  }
  const governing = parts.stackLoad ? [parts.stackLoad] : parts.cellLoads
  return {
    update(frame: TelemetryFrame): void {
      if (!settings.enabled) return
      const timeS = frame.wallTimeMs / 1000
      for (const actuator of governing) {
        const voltages = cellsOf(actuator, frame.cells.length).map((index) => frame.cells[index]?.voltageV)
        const ohm = parts.actuation.measured(actuator.mapping.id) ?? parts.actuation.commanded(actuator.mapping.id)
        floorOf(actuator).observe(timeS, circuitHealth(voltages, settings), ohm)
      }
    },
    of: (id: string): number => floors.get(id)?.value() ?? -Infinity,
    all: (): Record<string, number> =>
      Object.fromEntries(
        [...floors].filter(([, floor]) => floor.value() !== -Infinity).map(([id, floor]) => [id, floor.value()]),
      ),
  }
}
