import type { Clock } from '../clock.js'
import type { InstrumentDeviceConfig } from '../config/instruments-schema.js'
import type { ReadNowResponse } from '../contract/instruments.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { ChannelMap } from './channel-map.js'
import type { Reading } from './driver.js'
import type { IngestDriver } from './http-ingest/driver.js'
import { createDeviceLink, type DeviceLink, type LinkEvent } from './link.js'
import { createModbusBuses } from './modbus/bus.js'
import { createDriver } from './protocols.js'

/** The keychain entry of an instrument credential named in the configuration. */
export const instrumentSecretName = (name: string) => `instrument.${name}` as const

export type DevicesDeps = {
  map: ChannelMap
  clock: Clock
  log: Logger
  secrets: Pick<SecretStore, 'get'>
  onEvent(event: LinkEvent): void
}

/**
 * Every configured device's link, each on its own (one bus scheduler per Modbus connection): started
 * together, each reconnecting by itself, closed together.
 */
export function createDevices(deps: DevicesDeps) {
  const { map, clock } = deps
  const buses = createModbusBuses(clock)
  const ingestDrivers = new Map<string, IngestDriver>()
  const credentials = async (device: InstrumentDeviceConfig) => {
    const password = device.passwordSecret
      ? await deps.secrets.get(instrumentSecretName(device.passwordSecret))
      : undefined
    if (device.passwordSecret && password === undefined)
      throw new Error(`the secret "${device.passwordSecret}" is not in the station's secret store`)
    return {
      ...(device.username === undefined ? {} : { username: device.username }),
      ...(password === undefined ? {} : { password }),
      ...(device.caFile === undefined ? {} : { caFile: device.caFile }),
    }
  }
  const links = new Map<string, DeviceLink>()
  for (const device of map.devices) {
    const { config, spec } = device
    const addresses = map.addresses(config.id)
    const link = createDeviceLink({
      ...{ id: config.id, uri: config.uri, protocol: spec.protocol, addresses },
      ...{ pollMs: config.pollMs, timeoutMs: config.timeoutMs, retries: config.retries, clock, onEvent: deps.onEvent },
      ...(config.staleMs === undefined ? {} : { staleMs: config.staleMs }),
      reconnectOnSilence: spec.protocol === 'serial',
      createDriver: (events) => {
        const driver = createDriver(device, { clock, log: deps.log, events, timeoutMs: config.timeoutMs }, addresses, {
          buses,
          credentials,
        })
        if ('accept' in driver) ingestDrivers.set(config.id, driver)
        return driver
      },
    })
    links.set(config.id, link)
  }
  return {
    start: () => links.forEach((link) => link.start()),
    list: () => [...links.values()],
    readingOf: (device: string, address: string): Reading | undefined => links.get(device)?.value(address),
    /** Writes one raw value through the device's link (docs/control.md "Actuators"). */
    write(device: string, address: string, raw: number): Promise<void> {
      const link = links.get(device)
      if (!link) return Promise.reject(new Error(`no instrument "${device}" is configured`))
      return link.write(address, raw)
    },
    /** Hands pushed samples to an HTTP push device; false when `device` is not one. */
    push(device: string, readings: readonly Reading[]): boolean {
      const driver = ingestDrivers.get(device)
      if (!driver) return false
      driver.accept(readings)
      return true
    },
    isIngestDevice: (device: string) =>
      map.devices.some((d) => d.config.id === device && d.spec.protocol === 'http-ingest'),
    readNow(device: string): Promise<ReadNowResponse> | undefined {
      const link = links.get(device)
      if (!link) return undefined
      return link.readNow().then((results) => ({
        device,
        readings: results.map((result) => ({
          address: result.address,
          raw: 'raw' in result ? result.raw : null,
          error: 'error' in result ? result.error : null,
          atMs: result.atMs,
        })),
      }))
    },
    async close(): Promise<void> {
      await Promise.all([...links.values()].map((link) => link.close()))
    },
  }
}
export type Devices = ReturnType<typeof createDevices>
