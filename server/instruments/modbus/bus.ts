import modbusSerial from 'modbus-serial'
import type { ModbusRTU } from 'modbus-serial/ModbusRTU.js'
import type { Clock } from '../../clock.js'
import { createBusQueue, type BusQueue } from '../bus-queue.js'
import { InstrumentTimeoutError, messageOf } from '../errors.js'
import type { DeviceSpec } from '../uri.js'

type ModbusSpec = Extract<DeviceSpec, { protocol: 'modbus-tcp' | 'modbus-rtu' }>

/** A request on the bus for one unit, with that unit's timeout. */
export type UnitRequest = <T>(unit: number, timeoutMs: number, call: (client: ModbusRTU) => Promise<T>) => Promise<T>

/**
 * One physical Modbus connection (a TCP socket to a gateway, an RS-485 port) shared by every unit on it,
 * with one scheduler (docs/instruments.md "Modbus"): requests run one at a time, RTU with its inter-frame
 * delay. Opened by the first unit that connects, closed when the last one lets go; a transport failure
 * is told to every unit.
 */
export function createModbusBus(spec: ModbusSpec, clock: Clock) {
  // A CommonJS module: its `default` export is the client class itself.
  const client = new modbusSerial.default()
  const queue: BusQueue = createBusQueue(clock, spec.protocol === 'modbus-rtu' ? spec.interFrameMs : 0)
  const downListeners = new Set<(error: Error) => void>()
  let opening: Promise<void> | undefined
  let users = 0
  client.on('close', () => {
    opening = undefined
    for (const listener of downListeners) listener(new Error(`${spec.bus}: connection closed`))
  })
  client.on('error', () => {})

  const open = async () => {
    if (spec.protocol === 'modbus-tcp') await client.connectTCP(spec.host, { port: spec.port })
    else
      await client.connectRTUBuffered(spec.path, {
        baudRate: spec.serial.baudRate,
        parity: spec.serial.parity,
        dataBits: spec.serial.dataBits,
        stopBits: spec.serial.stopBits,
      })
  }
  const request: UnitRequest = (unit, timeoutMs, call) =>
    queue.run(async () => {
      if (!client.isOpen) throw new Error(`${spec.bus}: not connected`)
      client.setID(unit)
      client.setTimeout(timeoutMs)
      try {
        return await call(client)
      } catch (error) {
        const text = messageOf(error)
        if ((error as { errno?: string }).errno === 'ETIMEDOUT' || /timed out/i.test(text))
          throw new InstrumentTimeoutError(`unit ${unit} did not answer within ${timeoutMs} ms`)
        throw new Error(text, { cause: error })
      }
    })
  return {
    request,
    /** Opens the connection if it is not open; concurrent callers share one attempt. */
    async attach(onDown: (error: Error) => void): Promise<void> {
      users += 1
      downListeners.add(onDown)
      if (client.isOpen) return
      opening ??= open().catch((error: unknown) => {
        opening = undefined
        throw error
      })
      await opening
    },
    async detach(onDown: (error: Error) => void): Promise<void> {
      if (downListeners.delete(onDown)) users -= 1
      if (users > 0 || !client.isOpen) return
      opening = undefined
      await new Promise<void>((resolve) => client.close(() => resolve()))
    },
  }
}
export type ModbusBus = ReturnType<typeof createModbusBus>

/** The buses of one station, by connection: devices on the same port or socket share one. */
export function createModbusBuses(clock: Clock) {
  const buses = new Map<string, ModbusBus>()
  return {
    for(spec: ModbusSpec): ModbusBus {
      let bus = buses.get(spec.bus)
      if (!bus) buses.set(spec.bus, (bus = createModbusBus(spec, clock)))
      return bus
    },
  }
}
export type ModbusBuses = ReturnType<typeof createModbusBuses>
