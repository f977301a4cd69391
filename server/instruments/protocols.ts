import type { InstrumentDeviceConfig } from '../config/instruments-schema.js'
import type { Driver, DriverContext } from './driver.js'
import { checkIngestChannel, createIngestDriver, type IngestDriver } from './http-ingest/driver.js'
import { parseModbusAddress } from './modbus/address.js'
import type { ModbusBuses } from './modbus/bus.js'
import { createModbusDriver } from './modbus/driver.js'
import { parseMqttAddress } from './mqtt/address.js'
import { createMqttDriver, type MqttCredentials } from './mqtt/driver.js'
import { createScpiDriver } from './scpi/driver.js'
import { bareProfile, loadScpiProfile, scpiQuery, type ScpiProfile } from './scpi/profile.js'
import { parseLineAddress, serialCommand } from './serial/line-format.js'
import { AddressError } from './errors.js'
import { createSerialLineDriver } from './serial/driver.js'
import { parseDeviceUri, type DeviceSpec } from './uri.js'

/** A configured device with what its driver needs: the parsed URI and, for SCPI, its profile. */
export type DeviceDefinition = { config: InstrumentDeviceConfig; spec: DeviceSpec; profile: ScpiProfile }

export function defineDevice(config: InstrumentDeviceConfig): DeviceDefinition {
  const spec = parseDeviceUri(config.uri)
  const scpi = spec.protocol === 'scpi-tcp' || spec.protocol === 'scpi-serial'
  return { config, spec, profile: scpi && config.profile ? loadScpiProfile(config.profile) : bareProfile }
}

/** Checks an address against the device's protocol; throws AddressError saying what is wrong. */
export function checkAddress(device: DeviceDefinition, address: string): void {
  const { spec } = device
  switch (spec.protocol) {
    case 'modbus-tcp':
    case 'modbus-rtu':
      return void parseModbusAddress(address)
    case 'serial':
      return void parseLineAddress(address, spec.format)
    case 'mqtt':
      return void parseMqttAddress(address)
    case 'scpi-tcp':
    case 'scpi-serial':
      return void scpiQuery(address, device.profile)
    case 'http-ingest':
      return checkIngestChannel(address)
  }
}

/** Checks that an address can be written on the device's protocol; throws AddressError saying why not. */
export function checkWriteAddress(device: DeviceDefinition, address: string): void {
  const { spec } = device
  switch (spec.protocol) {
    case 'modbus-tcp':
    case 'modbus-rtu': {
      const { table } = parseModbusAddress(address)
      if (table !== 'holding' && table !== 'coil')
        throw new AddressError(`"${address}": ${table} is read-only; writes go to holding registers or coils`)
      return
    }
    case 'serial':
      return void serialCommand(address, 0)
    case 'scpi-tcp':
    case 'scpi-serial':
      if (address.includes('?')) throw new AddressError(`"${address}": a setting command has no "?"`)
      return
    case 'mqtt':
    case 'http-ingest':
      throw new AddressError(`a ${spec.protocol} device takes no writes`)
  }
}

export type DriverResources = {
  buses: ModbusBuses
  credentials: (device: InstrumentDeviceConfig) => Promise<MqttCredentials>
}

/** The driver for a device: one folder per protocol, one interface. */
export function createDriver(
  device: DeviceDefinition,
  context: DriverContext,
  addresses: readonly string[],
  resources: DriverResources,
): Driver | IngestDriver {
  const { spec } = device
  switch (spec.protocol) {
    case 'modbus-tcp':
    case 'modbus-rtu':
      return createModbusDriver(spec, context, resources.buses)
    case 'serial':
      return createSerialLineDriver(spec, context, addresses)
    case 'mqtt':
      return createMqttDriver(spec, context, addresses, () => resources.credentials(device.config))
    case 'scpi-tcp':
    case 'scpi-serial':
      return createScpiDriver(spec, context, device.profile)
    case 'http-ingest':
      return createIngestDriver(context)
  }
}
