import type { AddressResult, Driver, DriverContext } from '../driver.js'
import { InstrumentTimeoutError, messageOf } from '../errors.js'
import type { DeviceSpec } from '../uri.js'
import { openScpiClient, type ScpiClient } from './client.js'
import { scpiNumber, scpiQuery, type ScpiProfile } from './profile.js'

type ScpiSpec = Extract<DeviceSpec, { protocol: 'scpi-tcp' | 'scpi-serial' }>

/**
 * A SCPI instrument over raw TCP (port 5025) or a serial line: identified with the profile's `*IDN?`,
 * set up with its commands, and polled with the query each address stands for. A query the instrument
 * refuses fails that address only, with the instrument's own error text.
 */
export function createScpiDriver(spec: ScpiSpec, context: DriverContext, profile: ScpiProfile): Driver {
  let client: ScpiClient | undefined
  const endpoint =
    spec.protocol === 'scpi-tcp'
      ? { kind: 'tcp' as const, host: spec.host, port: spec.port }
      : { kind: 'serial' as const, path: spec.path, serial: spec.serial }
  const connected = () => {
    if (!client) throw new Error('not connected')
    return client
  }
  return {
    polled: true,
    async connect() {
      const opened = await openScpiClient(endpoint, {
        clock: context.clock,
        errorQuery: profile.errorQuery,
        onDown: (error) => context.events.down(error),
      })
      client = opened
      const identity = await opened.query(profile.identify, context.timeoutMs)
      for (const command of profile.setup) await opened.send(command)
      return identity.trim()
    },
    async read(addresses, timeoutMs) {
      const results: AddressResult[] = []
      for (const address of addresses) {
        try {
          const answer = await connected().query(scpiQuery(address, profile), timeoutMs)
          const raw = scpiNumber(answer)
          const atMs = context.clock.now()
          results.push(
            raw === undefined
              ? { address, error: `not a reading: ${JSON.stringify(answer.slice(0, 60))}`, atMs }
              : { address, raw, atMs },
          )
        } catch (error) {
          if (error instanceof InstrumentTimeoutError) throw error
          results.push({ address, error: messageOf(error), atMs: context.clock.now() })
        }
      }
      return results
    },
    async write(address, value) {
      // A setting command: the address names the command, the value is its parameter (SCPI-1999 7.1).
      await connected().send(`${address} ${value}`)
    },
    async close() {
      const open = client
      client = undefined
      await open?.close()
    },
  }
}
