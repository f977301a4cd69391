import type { ActuatorMapping } from './actuator-map.js'
import type { Reading } from './driver.js'

export type ActuationDeps = {
  actuators: readonly ActuatorMapping[]
  write(device: string, address: string, raw: number): Promise<void>
  readingOf(device: string, address: string): Reading | undefined
}

/**
 * The instruments' side of actuators (docs/control.md "Actuators"): one write through the device's link,
 * the value last commanded, and the current read-back in the actuator's unit. Limits, retries and what a
 * failure means belong to the control module; this only talks to devices.
 */
export function createActuation(deps: ActuationDeps) {
  const byId = new Map(deps.actuators.map((actuator) => [actuator.id, actuator]))
  const commanded = new Map<string, number>()
  const find = (id: string) => {
    const actuator = byId.get(id)
    if (!actuator) throw new Error(`no actuator "${id}" is configured`)
    return actuator
  }
  return {
    list: (): readonly ActuatorMapping[] => deps.actuators,
    /** Writes `value` (ohm, L/day, or 1/0 for on-off and disconnect) once; resolves when the device acknowledged. */
    async write(id: string, value: number): Promise<void> {
      const actuator = find(id)
      commanded.set(id, value)
      await deps.write(actuator.device, actuator.address, value * actuator.scale)
    },
    commanded: (id: string): number | undefined => commanded.get(id),
    /** The read-back value while current; undefined where the device cannot tell or is offline. */
    measured(id: string): number | undefined {
      const actuator = find(id)
      if (actuator.readBack === undefined) return undefined
      const reading = deps.readingOf(actuator.device, actuator.readBack)
      return reading === undefined ? undefined : reading.raw / actuator.scale
    },
  }
}
export type Actuation = ReturnType<typeof createActuation>
