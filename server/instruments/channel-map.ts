import type { ChannelMappingConfig, InstrumentsConfig } from '../config/instruments-schema.js'
import { ConfigError } from '../config/load.js'
import { checkWatchdogs, compileActuators, type ActuatorMapping } from './actuator-map.js'
import { messageOf } from './errors.js'
import { checkAddress, defineDevice, type DeviceDefinition } from './protocols.js'
import { quantities, toSi, unitsOf, type Quantity } from './units.js'

/** One mapped value, compiled: where it comes from, how a raw reading becomes its SI value, its range. */
export type ChannelMapping = {
  /** `cell 1 voltageV`, `stack temperatureK`. */
  target: string
  /** Numbered from 1; null for the stack. */
  cell: number | null
  quantity: Quantity
  field: (typeof quantities)[Quantity]['field']
  device: string
  address: string
  unit: string
  /** Raw reading to the value in `unit` (calibration), and that value in the SI unit frames carry. */
  calibrate: (raw: number) => number
  toSi: (value: number) => number
  range: { min: number; max: number } | undefined
}

export type ChannelMap = {
  devices: DeviceDefinition[]
  mappings: ChannelMapping[]
  cells: Array<{ cell: number; rExtOhm: number | undefined }>
  /** What the station writes (docs/control.md "Actuators"); their read-back addresses are polled with the rest. */
  actuators: ActuatorMapping[]
  /** The addresses each device reads, without repeats. */
  addresses(device: string): string[]
}

const stackQuantities = ['voltage', 'current', 'temperature', 'loadOhm', 'feed', 'ph'] as const

/** scale/offset, or the line through two calibration points. */
function calibration(mapping: ChannelMappingConfig): (raw: number) => number {
  if (!mapping.calibration) return (raw) => raw * mapping.scale + mapping.offset
  const [[raw1, value1], [raw2, value2]] = mapping.calibration
  const slope = (value2 - value1) / (raw2 - raw1)
  return (raw) => value1 + (raw - raw1) * slope
}

/**
 * Compiles the `instruments` section: every URI parsed, every address checked against its device's
 * protocol, every unit known. A mistake is a ConfigError naming the key (`instruments.cells[1].voltage.address`),
 * raised before the station creates anything.
 */
export function compileChannelMap(config: InstrumentsConfig): ChannelMap {
  const devices = config.devices.map((device, index) => {
    try {
      return defineDevice(device)
    } catch (error) {
      throw new ConfigError(`instruments.devices[${index}].uri: ${device.uri}: ${messageOf(error)}`)
    }
  })
  const byId = new Map(devices.map((device) => [device.config.id, device]))
  const mappings: ChannelMapping[] = []
  const add = (mapping: ChannelMappingConfig | undefined, quantity: Quantity, cell: number | null, path: string) => {
    if (!mapping) return
    const device = byId.get(mapping.device)
    if (!device) throw new ConfigError(`${path}.device: no device "${mapping.device}"`)
    try {
      checkAddress(device, mapping.address)
    } catch (error) {
      throw new ConfigError(`${path}.address: ${messageOf(error)}`)
    }
    const convert = toSi(quantity, mapping.unit)
    if (!convert)
      throw new ConfigError(
        `${path}.unit: "${mapping.unit}" is not a ${quantity} unit (${unitsOf(quantity).join(', ')})`,
      )
    const { field, si } = quantities[quantity]
    mappings.push({
      target: cell === null ? `stack ${field}` : `cell ${cell} ${field}`,
      ...{ cell, quantity, field, device: mapping.device, address: mapping.address, unit: mapping.unit ?? si },
      calibrate: calibration(mapping),
      toSi: convert,
      range: mapping.range,
    })
  }
  const cells = [...config.cells].sort((a, b) => a.cell - b.cell)
  for (const cell of cells) {
    const path = `instruments.cells[${config.cells.indexOf(cell)}]`
    add(cell.voltage, 'voltage', cell.cell, `${path}.voltage`)
    add(cell.current, 'current', cell.cell, `${path}.current`)
    add(cell.substrate, 'substrate', cell.cell, `${path}.substrate`)
  }
  for (const quantity of stackQuantities) add(config.stack[quantity], quantity, null, `instruments.stack.${quantity}`)
  const actuators = compileActuators(config, devices)
  checkWatchdogs(devices)
  const readBacks = actuators.filter((a) => a.readBack !== undefined)
  return {
    devices,
    mappings,
    cells: cells.map(({ cell, rExtOhm }) => ({ cell, rExtOhm })),
    actuators,
    addresses: (device) => [
      ...new Set([
        ...mappings.filter((m) => m.device === device).map((m) => m.address),
        ...readBacks.filter((a) => a.device === device).map((a) => a.readBack!),
      ]),
    ],
  }
}
