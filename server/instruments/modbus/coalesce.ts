import { isRegisterTable, type ModbusAddress, type ModbusTable } from './address.js'

/** One read request: a table, a start and a count, and the addresses its answer carries. */
export type ModbusRead = { table: ModbusTable; start: number; count: number; addresses: ModbusAddress[] }

/** Modbus application protocol 6.3/6.4/6.1/6.2: at most 125 registers or 2000 bits per read. */
const MAX_REGISTERS = 125
const MAX_BITS = 2000
/** Registers read in between two wanted ones rather than spending a second request on them. */
const MAX_GAP = 8

/**
 * Coalesces adjacent addresses of one table into as few reads as the protocol limits allow (the
 * complaint with naive pollers is one request per register). Overlapping addresses share a read.
 */
export function coalesceReads(addresses: readonly ModbusAddress[]): ModbusRead[] {
  const reads: ModbusRead[] = []
  const byTable = new Map<ModbusTable, ModbusAddress[]>()
  for (const address of addresses) byTable.set(address.table, [...(byTable.get(address.table) ?? []), address])
  for (const [table, list] of byTable) {
    const limit = isRegisterTable(table) ? MAX_REGISTERS : MAX_BITS
    const sorted = [...list].sort((a, b) => a.address - b.address)
    let current: ModbusRead | undefined
    for (const address of sorted) {
      const end = address.address + address.width
      if (current && address.address - (current.start + current.count) <= MAX_GAP && end - current.start <= limit) {
        current.count = Math.max(current.count, end - current.start)
        current.addresses.push(address)
      } else {
        current = { table, start: address.address, count: address.width, addresses: [address] }
        reads.push(current)
      }
    }
  }
  return reads
}
