import type { AddressResult, Reading } from './driver.js'

/** The newest value each address received from a device that sends by itself; `read` answers from it. */
export function createPushedValues(now: () => number) {
  const values = new Map<string, Reading>()
  return {
    store(readings: readonly Reading[]): void {
      for (const reading of readings) {
        const previous = values.get(reading.address)
        if (!previous || previous.atMs <= reading.atMs) values.set(reading.address, reading)
      }
    },
    read(addresses: readonly string[]): AddressResult[] {
      return addresses.map((address) => values.get(address) ?? { address, error: 'no value received yet', atMs: now() })
    },
    clear: () => values.clear(),
  }
}
