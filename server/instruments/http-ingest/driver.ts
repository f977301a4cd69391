import type { Driver, DriverContext, Reading } from '../driver.js'
import { AddressError } from '../errors.js'
import { createPushedValues } from '../pushed-values.js'

/** Channel names a pushing script may use (docs/instruments.md "HTTP push"). */
const CHANNEL = /^[\w.:/-]{1,200}$/

export function checkIngestChannel(address: string): void {
  if (!CHANNEL.test(address))
    throw new AddressError(`"${address}": a channel name is letters, digits and _ . : / - (at most 200)`)
}

export type IngestDriver = Driver & { accept(readings: readonly Reading[]): void }

/**
 * A device that pushes its readings over `POST /api/v1/ingest`: nothing to connect to; the newest sample
 * per channel feeds the live frames, and silence marks the device offline.
 */
export function createIngestDriver(context: DriverContext): IngestDriver {
  const values = createPushedValues(context.clock.now)
  return {
    polled: false,
    connect: async () => 'HTTP push (POST /api/v1/ingest)',
    read: async (addresses) => values.read(addresses),
    write: () => Promise.reject(new Error('an HTTP push device takes no writes')),
    close: async () => values.clear(),
    accept(readings) {
      values.store(readings)
      context.events.readings(readings)
    },
  }
}
