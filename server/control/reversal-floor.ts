import type { ControlConfig } from '../config/control-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { Actuation } from '../instruments/actuation.js'
import type { Actuator } from './actuator.js'

/**
 * The reversal-aware lower limit on R_ext (docs/control.md "Reversal limit"): in a series stack the weakest
 * cell reverses first as R_ext falls, so the R_ext at which any cell of an actuator's circuit dropped below
 * thresholdV, plus a margin, becomes that actuator's floor for every later controller write. The floor only
 * rises: a cell that recovered at a higher load tells nothing about the lower one.
 */
export function createReversalFloor(
  settings: ControlConfig['reversalLimit'],
  parts: {
    stackLoad: Actuator | undefined
    cellLoads: readonly Actuator[]
    actuation: Pick<Actuation, 'commanded' | 'measured'>
  },
) {
  const floors = new Map<string, number>()
  const raise = (actuator: Actuator) => {
    const id = actuator.mapping.id
    const ohm = parts.actuation.measured(id) ?? parts.actuation.commanded(id)
    if (ohm === undefined) return
    const next = ohm * (1 + settings.marginFraction)
    if (next > (floors.get(id) ?? -Infinity)) floors.set(id, Math.min(next, actuator.limits.max))
  }
  return {
    update(frame: TelemetryFrame): void {
      if (!settings.enabled) return
      frame.cells.forEach((cell, index) => {
        if (cell.voltageV === undefined || cell.voltageV >= settings.thresholdV) return
        const own = parts.cellLoads.find((a) => a.mapping.cell === index + 1)
        const governing = parts.stackLoad ?? own
        if (governing) raise(governing)
        else for (const actuator of parts.cellLoads) raise(actuator)
      })
    },
    of: (id: string): number => floors.get(id) ?? -Infinity,
    all: (): Record<string, number> => Object.fromEntries(floors),
  }
}
