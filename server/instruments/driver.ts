import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'

/** One value read from a device address, timestamped when it was acquired (epoch ms). */
export type Reading = { address: string; raw: number; atMs: number }

/** The result of reading one address: its value, or why there is none (the rest of the poll goes on). */
export type AddressResult =
  { address: string; raw: number; atMs: number } | { address: string; error: string; atMs: number }

/** What a driver tells its link besides answers to reads. */
export type DriverEvents = {
  /** Values the device sent by itself (serial lines, MQTT, HTTP push). */
  readings(readings: readonly Reading[]): void
  /** Something the device sent that is not a reading (a garbage line); counted, never fatal. */
  error(message: string): void
  /** The transport broke (socket closed, port gone): the link reconnects with backoff. */
  down(error: Error): void
  /** The device itself says it is gone or back (an MQTT LWT on its availability topic). */
  availability(online: boolean, message: string): void
}

/**
 * The one driver interface (docs/instruments.md "Drivers"): connect, read, write, close. Polled drivers
 * (Modbus, SCPI) answer `read`; pushing drivers (serial lines, MQTT, HTTP) deliver `readings` events and
 * answer `read` from the newest value each address received. `write` exists where the protocol can set
 * a value (part 2 builds actuators on it); it resolves once the device acknowledged the write.
 */
export type Driver = {
  readonly polled: boolean
  /** Opens the link; resolves with what the device says it is, where the protocol can tell. */
  connect(): Promise<string | null>
  read(addresses: readonly string[], timeoutMs: number): Promise<AddressResult[]>
  write(address: string, value: number, timeoutMs: number): Promise<void>
  close(): Promise<void>
}

export type DriverContext = { clock: Clock; log: Logger; events: DriverEvents; timeoutMs: number }

/** Rejects when a promise does not settle within `ms` on the station's clock. */
export function withTimeout<T>(clock: Clock, promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(onTimeout()), ms)
    promise.then(
      (value) => {
        clock.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
