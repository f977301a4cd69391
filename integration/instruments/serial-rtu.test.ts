import { afterEach, describe, expect, it } from 'vitest'
import {
  float32Registers,
  startArduinoRig,
  startModbusPeer,
  startPtyPair,
} from '../../server/instruments/testing/peers.js'
import { deviceWhen, eventsOf, frameWhen, startHardwareStation } from './harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

describe('serial lines over a socat pty pair', () => {
  it('reads an Arduino rig printing CSV, reports garbage without failing, reopens a silent port', async () => {
    const pty = await startPtyPair()
    cleanup.push(() => pty.stop())
    const rig = await startArduinoRig(pty.a, 50)
    cleanup.push(() => rig.stop())
    await rig.command('0.4321 2.5')
    const station = await startHardwareStation({
      devices: [{ id: 'rig', uri: `serial://${pty.b}?baud=115200&format=csv`, staleMs: 1000 }],
      cells: [
        {
          cell: 1,
          voltage: { device: 'rig', address: 'csv:1' },
          current: { device: 'rig', address: 'csv:2', scale: 0.001 },
        },
      ],
    })
    cleanup.push(() => station.dispose())
    const frame = await frameWhen(station, 'a frame from the rig', (f) => f.cells[0]?.voltageV !== undefined)
    expect(frame.cells[0]).toMatchObject({ voltageV: 0.4321, currentA: 0.0025 })
    expect(frame.cells[0]!.powerW).toBeCloseTo(0.4321 * 0.0025, 9)

    await rig.command('garbage')
    const noisy = await deviceWhen(station, 'rig', 'a garbage line counted', (d) => d.errors > 0)
    expect(noisy.lastError).toMatch(/not a CSV line of numbers/)
    expect(noisy.state).toBe('online')

    await rig.command('silent')
    await deviceWhen(station, 'rig', 'the silent rig offline', (d) => d.state === 'offline')
    await rig.command('0.25 1')
    const back = await deviceWhen(
      station,
      'rig',
      'the rig back online',
      (d) => d.state === 'online' && d.reconnects > 0,
    )
    expect(back.lastGoodAtMs).not.toBeNull()
    await frameWhen(station, 'the new value', (f) => f.cells[0]?.voltageV === 0.25)
    expect(await eventsOf(station)).toContainEqual(
      expect.objectContaining({ kind: 'instrument', device: 'rig', status: 'offline' }),
    )
  })
})

describe('Modbus RTU over a socat pty pair against Debian pymodbus', () => {
  it('polls two units on one RS-485 bus through one scheduler', async () => {
    const pty = await startPtyPair()
    cleanup.push(() => pty.stop())
    const peer = await startModbusPeer({ rtu: pty.a, baud: 19200 })
    cleanup.push(() => peer.stop())
    await peer.set('hr', 0, float32Registers(0.61))
    await peer.set('hr', 2, float32Registers(0.37))
    const uri = (unit: number) => `modbus-rtu://${pty.b}?baud=19200&unit=${unit}`
    const station = await startHardwareStation({
      devices: [
        { id: 'pump', uri: uri(1), pollMs: 100, timeoutMs: 500 },
        { id: 'ph', uri: uri(2), pollMs: 100, timeoutMs: 500 },
      ],
      cells: [
        { cell: 1, voltage: { device: 'pump', address: 'holding:0:float32' } },
        { cell: 2, voltage: { device: 'ph', address: 'holding:2:float32' } },
      ],
    })
    cleanup.push(() => station.dispose())
    const frame = await frameWhen(station, 'both units read', (f) => f.cells.every((c) => c.voltageV !== undefined))
    expect(frame.cells[0]!.voltageV).toBeCloseTo(0.61, 6)
    expect(frame.cells[1]!.voltageV).toBeCloseTo(0.37, 6)
    const pump = await deviceWhen(station, 'pump', 'pump polled a few times', (d) => d.polls >= 5)
    expect(pump).toMatchObject({ protocol: 'modbus-rtu', timeouts: 0 })
  })
})
