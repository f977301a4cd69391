import type { Clock } from '../clock.js'
import { silentLogger } from '../logger.js'
import type { AddressResult, Driver, DriverEvents, Reading } from './driver.js'
import { withTimeout } from './driver.js'
import { InstrumentTimeoutError, messageOf } from './errors.js'
import { createModbusBuses } from './modbus/bus.js'
import { createDriver, type DeviceDefinition } from './protocols.js'

export type ProbeResult = { identity: string | null; results: AddressResult[]; error: string | null }

/**
 * Connects to one device, reads each address once and disconnects (`mfc-station instruments read|test`).
 * A device that sends by itself is given `timeoutMs` to send every address. Never throws: a device that
 * cannot be reached gives its reason in `error`.
 */
export async function probeDevice(
  device: DeviceDefinition,
  addresses: readonly string[],
  options: { clock: Clock; timeoutMs: number; password?: string },
): Promise<ProbeResult> {
  const { clock, timeoutMs } = options
  const pushed = new Map<string, Reading>()
  let arrived: () => void = () => {}
  const events: DriverEvents = {
    readings: (readings) => {
      for (const reading of readings) pushed.set(reading.address, reading)
      if (addresses.every((address) => pushed.has(address))) arrived()
    },
    error: () => {},
    down: () => {},
    availability: () => {},
  }
  const { config } = device
  const driver: Driver = createDriver(device, { clock, log: silentLogger, events, timeoutMs }, addresses, {
    buses: createModbusBuses(clock),
    credentials: async () => ({
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(config.caFile === undefined ? {} : { caFile: config.caFile }),
    }),
  })
  const allArrived = new Promise<void>((resolve) => (arrived = resolve))
  try {
    const identity = await withTimeout(
      clock,
      driver.connect(),
      timeoutMs * 2,
      () => new InstrumentTimeoutError(`no connection within ${timeoutMs * 2} ms`),
    )
    // HTTP push devices have nobody to wait for: they answer with what was pushed (nothing, here).
    if (!driver.polled && !('accept' in driver))
      await withTimeout(clock, allArrived, timeoutMs, () => new Error('timeout')).catch(() => undefined)
    return { identity, results: await driver.read(addresses, timeoutMs), error: null }
  } catch (error) {
    return { identity: null, results: [], error: messageOf(error) }
  } finally {
    await driver.close().catch(() => undefined)
  }
}
