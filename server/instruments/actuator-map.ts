import type {
  DisconnectActuatorConfig,
  PumpActuatorConfig,
  ResistanceActuatorConfig,
} from '../config/actuators-schema.js'
import type { InstrumentsConfig } from '../config/instruments-schema.js'
import { ConfigError } from '../config/load.js'
import { messageOf } from './errors.js'
import { checkAddress, checkWriteAddress, type DeviceDefinition } from './protocols.js'

/** One actuator, compiled (docs/control.md "Actuators"): where it is written and read back. */
export type ActuatorMapping = {
  /** `cell-1-rext`, `stack-rext`, `pump`, `disconnect`: the name the API, the audit log and metrics use. */
  id: string
  /** Numbered from 1; null for the stack's outputs. */
  cell: number | null
  device: string
  address: string
  /** The address the value is read back from; undefined where the device cannot tell. */
  readBack: string | undefined
  scale: number
  tolerance: number
} & (
  | { kind: 'resistance'; config: ResistanceActuatorConfig }
  | { kind: 'pump'; config: PumpActuatorConfig }
  | { kind: 'disconnect'; config: DisconnectActuatorConfig }
)

type AnyActuatorConfig = ResistanceActuatorConfig | PumpActuatorConfig | DisconnectActuatorConfig

function readBackOf(device: DeviceDefinition, config: AnyActuatorConfig): string | undefined {
  if (config.readBack === false) return undefined
  if (config.readBack !== undefined) return config.readBack
  const modbus = device.spec.protocol === 'modbus-tcp' || device.spec.protocol === 'modbus-rtu'
  return modbus ? config.address : undefined
}

/** Every actuator of the `instruments` section, each address checked against its device; a ConfigError names the key. */
export function compileActuators(config: InstrumentsConfig, devices: DeviceDefinition[]): ActuatorMapping[] {
  const byId = new Map(devices.map((device) => [device.config.id, device]))
  const actuators: ActuatorMapping[] = []
  const add = (
    id: string,
    cell: number | null,
    path: string,
    entry: Pick<ActuatorMapping, 'kind' | 'config'> | { kind: string; config: undefined },
  ) => {
    const actuator = entry.config
    if (!actuator) return
    const device = byId.get(actuator.device)
    if (!device) throw new ConfigError(`${path}.device: no device "${actuator.device}"`)
    try {
      checkWriteAddress(device, actuator.address)
    } catch (error) {
      throw new ConfigError(`${path}.address: ${messageOf(error)}`)
    }
    const readBack = readBackOf(device, actuator)
    try {
      if (readBack !== undefined) checkAddress(device, readBack)
    } catch (error) {
      throw new ConfigError(`${path}.readBack: ${messageOf(error)}`)
    }
    const { device: deviceId, address, scale, tolerance } = actuator
    actuators.push({ id, cell, device: deviceId, address, readBack, scale, tolerance, ...entry } as ActuatorMapping)
  }
  config.cells.forEach((cell, index) =>
    add(`cell-${cell.cell}-rext`, cell.cell, `instruments.cells[${index}].rExt`, {
      kind: 'resistance',
      config: cell.rExt,
    }),
  )
  const { stack } = config
  add('stack-rext', null, 'instruments.stack.rExt', { kind: 'resistance', config: stack.rExt })
  add('pump', null, 'instruments.stack.pump', { kind: 'pump', config: stack.pump })
  add('disconnect', null, 'instruments.stack.disconnect', { kind: 'disconnect', config: stack.disconnect })
  return actuators
}

/** Every device's watchdog register must be writable on its device; a ConfigError names the key. */
export function checkWatchdogs(devices: readonly DeviceDefinition[]): void {
  devices.forEach((device, index) => {
    const { watchdog } = device.config
    if (!watchdog) return
    try {
      checkWriteAddress(device, watchdog.address)
    } catch (error) {
      throw new ConfigError(`instruments.devices[${index}].watchdog.address: ${messageOf(error)}`)
    }
  })
}
