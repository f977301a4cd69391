import { AddressError } from '../errors.js'

export const modbusTables = ['holding', 'input', 'coil', 'discrete'] as const
export type ModbusTable = (typeof modbusTables)[number]
export const registerTypes = ['int16', 'uint16', 'int32', 'uint32', 'float32'] as const
export type RegisterType = (typeof registerTypes)[number] | 'bool'
/** Byte order of a 32-bit value as Telegraf names it: ABCD is big-endian words, CDAB swaps the words. */
export const byteOrders = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const
export type ByteOrder = (typeof byteOrders)[number]

export type ModbusAddress = {
  text: string
  table: ModbusTable
  /** The protocol address (0-based, as on the wire). */
  address: number
  type: RegisterType
  order: ByteOrder
  /** Registers or bits the value occupies. */
  width: number
}

/** Whether a table holds 16-bit registers (holding, input) or single bits (coil, discrete). */
export const isRegisterTable = (table: ModbusTable): boolean => table === 'holding' || table === 'input'

/**
 * `holding|input|coil|discrete:<address>:<int16|uint16|int32|uint32|float32>[:<ABCD|CDAB|BADC|DCBA>]`
 * (docs/instruments.md "Modbus"). Bits need no type (`coil:3`); registers do.
 */
export function parseModbusAddress(text: string): ModbusAddress {
  const [table, addressText, typeText, orderText, ...extra] = text.split(':')
  if (!(modbusTables as readonly string[]).includes(table ?? ''))
    throw new AddressError(`"${text}": the table must be one of ${modbusTables.join(', ')}`)
  const address = Number(addressText)
  if (addressText === undefined || !/^\d+$/.test(addressText) || address > 65_535)
    throw new AddressError(`"${text}": the address must be an integer 0..65535`)
  if (extra.length > 0) throw new AddressError(`"${text}": too many parts`)
  const kind = table as ModbusTable
  if (!isRegisterTable(kind)) {
    if (typeText !== undefined && typeText !== 'bool')
      throw new AddressError(`"${text}": a ${kind} is a bit (no type, or "bool")`)
    return { text, table: kind, address, type: 'bool', order: 'ABCD', width: 1 }
  }
  if (!(registerTypes as readonly string[]).includes(typeText ?? ''))
    throw new AddressError(`"${text}": the type must be one of ${registerTypes.join(', ')}`)
  const type = typeText as RegisterType
  const width = type === 'int16' || type === 'uint16' ? 1 : 2
  const order = (orderText ?? 'ABCD') as ByteOrder
  if (!(byteOrders as readonly string[]).includes(order))
    throw new AddressError(`"${text}": the byte order must be one of ${byteOrders.join(', ')}`)
  if (width === 1 && (order === 'CDAB' || order === 'DCBA'))
    throw new AddressError(`"${text}": a 16-bit value has no word order (ABCD or BADC)`)
  if (address + width > 65_536) throw new AddressError(`"${text}": runs past register 65535`)
  return { text, table: kind, address, type, order, width }
}

/** Bytes of a value in wire order (ABCD: as the registers arrive) rearranged to big-endian. */
function reorder(bytes: Buffer, order: ByteOrder): Buffer {
  const [a, b, c, d] = bytes
  if (bytes.length === 2) return order === 'BADC' ? Buffer.from([b!, a!]) : bytes
  const arranged = { ABCD: [a, b, c, d], CDAB: [c, d, a, b], BADC: [b, a, d, c], DCBA: [d, c, b, a] }[order]
  return Buffer.from(arranged as number[])
}

/** The value of one address from the registers of a read that starts at `first`. */
export function decodeRegisters(address: ModbusAddress, registers: readonly number[], first: number): number {
  const offset = address.address - first
  const words = registers.slice(offset, offset + address.width)
  if (words.length !== address.width) throw new AddressError(`${address.text}: the device sent too few registers`)
  const wire = Buffer.alloc(address.width * 2)
  words.forEach((word, index) => wire.writeUInt16BE(word & 0xffff, index * 2))
  const bytes = reorder(wire, address.order)
  switch (address.type) {
    case 'int16':
      return bytes.readInt16BE(0)
    case 'uint16':
      return bytes.readUInt16BE(0)
    case 'int32':
      return bytes.readInt32BE(0)
    case 'uint32':
      return bytes.readUInt32BE(0)
    case 'float32':
      return bytes.readFloatBE(0)
    case 'bool':
      throw new AddressError(`${address.text}: a bit is not in a register`)
  }
}

/** Registers that write `value` at an address (FC 6 for one register, FC 16 for two), in wire order. */
export function encodeRegisters(address: ModbusAddress, value: number): number[] {
  const bytes = Buffer.alloc(address.width * 2)
  const writers = {
    int16: () => bytes.writeInt16BE(Math.round(value)),
    uint16: () => bytes.writeUInt16BE(Math.round(value)),
    int32: () => bytes.writeInt32BE(Math.round(value)),
    uint32: () => bytes.writeUInt32BE(Math.round(value)),
    float32: () => bytes.writeFloatBE(value),
    bool: () => {
      throw new AddressError(`${address.text}: a bit is written with a coil write`)
    },
  }
  writers[address.type]()
  // Every order here is its own inverse, so the same rearrangement turns big-endian into wire order.
  const wire = reorder(bytes, address.order)
  return Array.from({ length: address.width }, (_v, index) => wire.readUInt16BE(index * 2))
}
