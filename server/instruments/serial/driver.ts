import type { Driver, DriverContext, Reading } from '../driver.js'
import { openLineTransport, type LineTransport } from '../line-transport.js'
import { createPushedValues } from '../pushed-values.js'
import type { DeviceSpec } from '../uri.js'
import { parseLineAddress, serialCommand, splitLine, type LineAddress } from './line-format.js'

type SerialSpec = Extract<DeviceSpec, { protocol: 'serial' }>

/**
 * A device that prints a CSV or JSON line per reading on a serial port (Arduino, ESP32, Raspberry Pi
 * rigs). Each line is timestamped as it arrives; a line that is not a reading is reported and skipped.
 */
export function createSerialLineDriver(spec: SerialSpec, context: DriverContext, addresses: readonly string[]): Driver {
  const { clock, events } = context
  const mapped: LineAddress[] = addresses.map((text) => parseLineAddress(text, spec.format))
  const values = createPushedValues(clock.now)
  let transport: LineTransport | undefined

  const onLine = (line: string) => {
    if (line.trim() === '') return
    const fields = splitLine(line, spec.format, spec.delimiter)
    if ('garbage' in fields) return events.error(fields.garbage)
    const atMs = clock.now()
    const readings: Reading[] = []
    for (const address of mapped) {
      const raw = address.read(fields)
      if (raw !== undefined) readings.push({ address: address.text, raw, atMs })
    }
    if (readings.length === 0 && mapped.length > 0)
      return events.error(`line has none of the mapped values: ${line.slice(0, 60)}`)
    values.store(readings)
    events.readings(readings)
  }

  return {
    polled: false,
    async connect() {
      transport = await openLineTransport(
        { kind: 'serial', path: spec.path, serial: spec.serial },
        {
          line: onLine,
          overflow: (bytes) => events.error(`${bytes} bytes without a line end: dropped`),
          closed: (error) => events.down(error),
        },
      )
      return null
    },
    read: async (list) => values.read(list),
    async write(address, value) {
      if (!transport) throw new Error('the serial port is not open')
      await transport.write(`${serialCommand(address, value)}\n`)
    },
    async close() {
      const open = transport
      transport = undefined
      values.clear()
      await open?.close()
    },
  }
}
