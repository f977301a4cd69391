import type { ModbusRTU } from 'modbus-serial/ModbusRTU.js'
import type { Driver, DriverContext, AddressResult } from '../driver.js'
import { messageOf } from '../errors.js'
import type { DeviceSpec } from '../uri.js'
import { decodeRegisters, encodeRegisters, isRegisterTable, parseModbusAddress, type ModbusAddress } from './address.js'
import type { ModbusBuses } from './bus.js'
import { coalesceReads, type ModbusRead } from './coalesce.js'

type ModbusSpec = Extract<DeviceSpec, { protocol: 'modbus-tcp' | 'modbus-rtu' }>

type Reader = (client: ModbusRTU, start: number, count: number) => Promise<{ data: ReadonlyArray<number | boolean> }>
const readers: Record<ModbusRead['table'], Reader> = {
  holding: (c, start, count) => c.readHoldingRegisters(start, count),
  input: (c, start, count) => c.readInputRegisters(start, count),
  coil: (c, start, count) => c.readCoils(start, count),
  discrete: (c, start, count) => c.readDiscreteInputs(start, count),
}

/**
 * A Modbus unit on a shared bus (function codes 1-4 to read, 5/6 and 15/16 to write). A poll reads the
 * coalesced ranges one request each; an exception or timeout fails only the addresses of its range.
 */
export function createModbusDriver(spec: ModbusSpec, context: DriverContext, buses: ModbusBuses): Driver {
  const bus = buses.for(spec)
  const parsed = new Map<string, ModbusAddress>()
  const addressOf = (text: string) => {
    let address = parsed.get(text)
    if (!address) parsed.set(text, (address = parseModbusAddress(text)))
    return address
  }
  const onDown = (error: Error) => context.events.down(error)

  const readRange = async (read: ModbusRead, timeoutMs: number): Promise<AddressResult[]> => {
    try {
      const answer = await bus.request(spec.unit, timeoutMs, (client) =>
        readers[read.table](client, read.start, read.count),
      )
      const atMs = context.clock.now()
      return read.addresses.map((address) => {
        if (!isRegisterTable(read.table))
          return { address: address.text, raw: answer.data[address.address - read.start] ? 1 : 0, atMs }
        return { address: address.text, raw: decodeRegisters(address, answer.data as number[], read.start), atMs }
      })
    } catch (error) {
      const atMs = context.clock.now()
      if (error instanceof Error && error.name === 'InstrumentTimeoutError') throw error
      const message = `${read.table} ${read.start}+${read.count}: ${messageOf(error)}`
      return read.addresses.map((address) => ({ address: address.text, error: message, atMs }))
    }
  }

  return {
    polled: true,
    async connect() {
      await bus.attach(onDown)
      return null
    },
    async read(addresses, timeoutMs) {
      const results: AddressResult[] = []
      for (const read of coalesceReads(addresses.map(addressOf))) results.push(...(await readRange(read, timeoutMs)))
      return results
    },
    async write(text, value, timeoutMs) {
      const address = addressOf(text)
      await bus.request(spec.unit, timeoutMs, async (client) => {
        if (address.table === 'coil') await client.writeCoil(address.address, value !== 0)
        else if (address.table !== 'holding') throw new Error(`${text}: ${address.table} is read-only`)
        else if (address.width === 1) await client.writeRegister(address.address, encodeRegisters(address, value)[0]!)
        else await client.writeRegisters(address.address, encodeRegisters(address, value))
      })
    },
    close: () => bus.detach(onDown),
  }
}
