import { execFileSync } from 'node:child_process'
import { createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { instrumentDeviceSchema } from '../../server/config/instruments-schema.js'
import { healthSchema } from '../../server/contract/health.js'
import { createModbusBuses } from '../../server/instruments/modbus/bus.js'
import { createDriver, defineDevice } from '../../server/instruments/protocols.js'
import { silentLogger } from '../../server/logger.js'
import { freeLoopbackPort } from '../../server/instruments/testing/processes.js'
import { float32Registers, startModbusPeer, type ModbusPeer } from '../../server/instruments/testing/peers.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { deviceWhen, eventsOf, frameWhen, instrumentsOf, startHardwareStation } from './harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

async function peerOnPort(port: number): Promise<ModbusPeer> {
  const peer = await startModbusPeer({ tcp: true, port })
  cleanup.push(() => peer.stop())
  await peer.set('ir', 0, float32Registers(0.512))
  await peer.set('hr', 10, [253])
  return peer
}

async function station(port: number): Promise<TestStation> {
  const started = await startHardwareStation({
    devices: [{ id: 'logger', uri: `modbus-tcp://127.0.0.1:${port}?unit=1`, pollMs: 100, timeoutMs: 300 }],
    cells: [
      { cell: 1, voltage: { device: 'logger', address: 'input:0:float32', range: { min: 0, max: 1 } }, rExtOhm: 470 },
      // Past the peer's 2048 registers: a Modbus exception for this range only.
      { cell: 2, voltage: { device: 'logger', address: 'input:4000:float32' } },
    ],
    stack: { temperature: { device: 'logger', address: 'holding:10:int16', scale: 0.1, unit: 'degC' } },
  })
  cleanup.push(() => started.dispose())
  return started
}

describe('Modbus TCP against Debian pymodbus: reading', () => {
  it('reads mapped registers into hardware frames, derives I = V / R_ext, leaves the rest absent', async () => {
    const port = await freeLoopbackPort()
    const peer = await peerOnPort(port)
    // mbpoll, an independent Modbus client, sees the same float in the peer (references are 1-based).
    const mbpoll = execFileSync('mbpoll', [
      '-m',
      'tcp',
      '-p',
      String(port),
      '-t',
      '3:float',
      '-B',
      '-r',
      '1',
      '-1',
      '127.0.0.1',
    ])
    expect(mbpoll.toString()).toMatch(/\[1\]:\s+0\.512/)
    const hw = await station(port)
    const frame = await frameWhen(hw, 'a frame with cell 1 voltage', (f) => f.cells[0]?.voltageV !== undefined)
    expect(frame.source).toBe('hardware')
    expect(frame.cells[0]!.voltageV).toBeCloseTo(0.512, 6)
    expect(frame.cells[0]!.currentA).toBeCloseTo(0.512 / 470, 9)
    expect(frame.cells[0]!.powerW).toBeCloseTo((0.512 * 0.512) / 470, 9)
    expect(frame.cells[0]).not.toHaveProperty('substrateMgL')
    expect(frame.cells[1]).toEqual({ alarms: [] })
    expect(frame.stack.temperatureK).toBeCloseTo(25.3 + 273.15, 6)
    expect(frame.stack).not.toHaveProperty('powerW')

    // The reference API's alias answers the hardware frame too.
    const alias = JSON.parse((await httpsRequest(hw, '/data/latest')).body) as { source: string; runId: string }
    expect(alias).toMatchObject({ source: 'hardware', runId: frame.runId })
    const status = await instrumentsOf(hw)
    expect(status.source).toBe('hardware')
    expect(status.devices[0]).toMatchObject({ id: 'logger', protocol: 'modbus-tcp', state: 'online' })
    expect(status.devices[0]!.errors).toBeGreaterThan(0)
    expect(status.devices[0]!.lastError).toMatch(/input 4000\+2: .*xception/i)

    await peer.set('ir', 0, float32Registers(1.5))
    const flagged = await frameWhen(
      hw,
      'an out-of-range frame',
      (f) => f.cells[0]?.alarms.includes('out-of-range') ?? false,
    )
    expect(flagged.cells[0]).toMatchObject({ voltageV: 1.5, outOfRange: ['voltageV'] })
    expect(await eventsOf(hw)).toContainEqual(
      expect.objectContaining({ kind: 'instrument', device: 'logger', status: 'out-of-range' }),
    )
    const metrics = (await httpsRequest(hw, '/metrics')).body
    expect(metrics).toMatch(/^mfc_instrument_online\{device="logger",protocol="modbus-tcp",station="[^"]+"\} 1$/m)
    expect(metrics).toMatch(/^mfc_telemetry_source\{source="hardware",station="[^"]+"\} 1$/m)
    expect(metrics).toMatch(/^mfc_cell_voltage_volts\{stack="stack1",cell="0",station="[^"]+"\} 1\.5$/m)
    expect(metrics).not.toMatch(/^mfc_cell_voltage_volts\{stack="stack1",cell="1"/m)
    expect(metrics).not.toMatch(/^mfc_cell_substrate_mg_per_liter\{/m)
  })
})

describe('Modbus TCP against Debian pymodbus: link faults', () => {
  it('goes offline when the peer dies, keeps recording, and reconnects when it is back', async () => {
    const port = await freeLoopbackPort()
    const peer = await peerOnPort(port)
    const hw = await station(port)
    await deviceWhen(hw, 'logger', 'logger online', (d) => d.state === 'online')
    peer.child.kill('SIGKILL')
    await deviceWhen(hw, 'logger', 'logger offline', (d) => d.state === 'offline')
    const gap = await frameWhen(hw, 'a frame without readings', (f) => f.cells[0]?.voltageV === undefined)
    const health = healthSchema.parse(JSON.parse((await httpsRequest(hw, '/api/v1/health')).body))
    expect(health.status).toBe('degraded')
    expect(await eventsOf(hw)).toContainEqual(
      expect.objectContaining({ kind: 'instrument', device: 'logger', status: 'offline' }),
    )

    await peerOnPort(port)
    const back = await deviceWhen(hw, 'logger', 'logger back online', (d) => d.state === 'online' && d.reconnects > 0)
    expect(back.lastGoodAtMs).toBeGreaterThan(0)
    const after = await frameWhen(hw, 'a frame with readings again', (f) => f.cells[0]?.voltageV !== undefined)
    expect(after.runId).toBe(gap.runId)
    expect(after.seq).toBeGreaterThan(gap.seq)
    const runs = JSON.parse((await httpsRequest(hw, '/api/v1/runs')).body) as {
      runs: Array<{ runId: string; source: string; frames: number }>
    }
    expect(runs.runs[0]).toMatchObject({ runId: gap.runId, source: 'hardware' })
  })

  it('counts timeouts from a device that accepts the connection and never answers', async () => {
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => void sockets.add(socket.on('error', () => {})))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy()
          silent.close(() => resolve())
        }),
    )
    const hw = await station((silent.address() as { port: number }).port)
    const device = await deviceWhen(
      hw,
      'logger',
      'timeouts counted, offline',
      (d) => d.timeouts >= 3 && d.state === 'offline',
    )
    expect(device.lastError).toMatch(/did not answer within 300 ms/)
    expect(device.polls).toBe(0)
  })
})

describe('Modbus TCP against Debian pymodbus: writes', () => {
  it('writes holding registers and coils (function codes 5, 6, 16) and reads them back', async () => {
    const peer = await peerOnPort(await freeLoopbackPort())
    const device = defineDevice(instrumentDeviceSchema.parse({ id: 'plc', uri: `modbus-tcp://127.0.0.1:${peer.port}` }))
    const ignore = () => {}
    const events = { readings: ignore, error: ignore, down: ignore, availability: ignore }
    const driver = createDriver(device, { clock: systemClock, log: silentLogger, events, timeoutMs: 500 }, [], {
      buses: createModbusBuses(systemClock),
      credentials: async () => ({}),
    })
    cleanup.push(() => driver.close())
    await driver.connect()
    await driver.write('holding:20:float32', 1.25, 500)
    await driver.write('holding:22:int16', -7, 500)
    await driver.write('holding:24:uint32:CDAB', 70_000, 500)
    await driver.write('coil:5', 1, 500)
    const addresses = ['holding:20:float32', 'holding:22:int16', 'holding:24:uint32:CDAB', 'coil:5', 'coil:6']
    const back = await driver.read(addresses, 500)
    expect(back.map((result) => ('raw' in result ? result.raw : result.error))).toEqual([1.25, -7, 70_000, 1, 0])
    await expect(driver.write('input:0:int16', 1, 500)).rejects.toThrow('input is read-only')
    const mbpoll = execFileSync('mbpoll', [
      '-m',
      'tcp',
      '-p',
      String(peer.port),
      '-t',
      '4:float',
      '-B',
      '-r',
      '21',
      '-1',
      '127.0.0.1',
    ])
    expect(mbpoll.toString()).toMatch(/\[21\]:\s+1\.25/)
  })
})
