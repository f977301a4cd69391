import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { serverMessageSchema, type HelloMessage, type TelemetryFrame } from '../../server/contract/stream.js'
import {
  float32Registers,
  startArduinoRig,
  startModbusPeer,
  startMosquitto,
  startPtyPair,
} from '../../server/instruments/testing/peers.js'
import { freeLoopbackPort, stopProcess } from '../../server/instruments/testing/processes.js'
import { startScpiInstrument } from '../../server/instruments/testing/scpi-instrument.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { deviceWhen, frameWhen, startHardwareStation, until } from './harness.js'

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

/** The example configuration, its addresses pointed at local peers, plus an HTTP push device. */
async function peersAndStation() {
  const modbusPort = await freeLoopbackPort()
  const startModbus = async () => {
    const peer = await startModbusPeer({ tcp: true, port: modbusPort })
    await peer.set('ir', 0, float32Registers(0.5))
    await peer.set('hr', 10, [253])
    return peer
  }
  let modbus = await startModbus()
  cleanup.push(() => modbus.stop())
  const pty = await startPtyPair()
  cleanup.push(() => pty.stop())
  const rig = await startArduinoRig(pty.a, 50)
  cleanup.push(() => rig.stop())
  await rig.command('0.45 1.5')
  const broker = await startMosquitto()
  cleanup.push(() => broker.stop())
  const esp = setInterval(() => {
    spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'lab/mfc3/state', '-m', '{"v":0.43}'])
  }, 100)
  cleanup.push(() => clearInterval(esp))
  const dmm = await startScpiInstrument()
  cleanup.push(() => dmm.stop())
  dmm.set('MEAS:VOLT:DC? (@101)', 0.42)
  const station = await startHardwareStation({
    devices: [
      { id: 'logger', uri: `modbus-tcp://127.0.0.1:${modbusPort}?unit=1`, pollMs: 100, timeoutMs: 300 },
      { id: 'rig', uri: `serial://${pty.b}?baud=115200&format=csv` },
      { id: 'esp', uri: broker.url },
      { id: 'dmm', uri: `scpi-tcp://127.0.0.1:${dmm.port}`, pollMs: 100, timeoutMs: 300 },
      { id: 'rig2', uri: 'http-ingest:' },
    ],
    cells: [
      { cell: 1, voltage: { device: 'logger', address: 'input:0:float32' }, rExtOhm: 470 },
      {
        cell: 2,
        voltage: { device: 'rig', address: 'csv:1' },
        current: { device: 'rig', address: 'csv:2', scale: 0.001 },
      },
      { cell: 3, voltage: { device: 'esp', address: 'lab/mfc3/state#json:$.v' } },
      { cell: 4, voltage: { device: 'dmm', address: 'MEAS:VOLT:DC? (@101)' } },
      { cell: 5, voltage: { device: 'rig2', address: 'v1' } },
    ],
    stack: { temperature: { device: 'logger', address: 'holding:10:int16', scale: 0.1, unit: 'degC' } },
  })
  cleanup.push(() => station.dispose())
  const push = setInterval(() => {
    void httpsRequest(station, '/api/v1/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device: 'rig2', samples: [{ t: Date.now(), channel: 'v1', value: 0.41 }] }),
    })
  }, 100)
  cleanup.push(() => clearInterval(push))
  return {
    station,
    dmm,
    killModbus: () => stopProcess(modbus.child, 0),
    restartModbus: async () => void (modbus = await startModbus()),
  }
}

/** Hardware frames from the WSS stream, after its hello. */
function streamOf(station: TestStation) {
  const messages: Array<HelloMessage | TelemetryFrame> = []
  const ws = new WebSocket(`${station.url.replace('https', 'wss')}/api/v1/stream`, {
    ca: station.certificatePem,
    headers: { authorization: `Bearer ${station.adminToken}` },
  })
  ws.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(String(data)))
    if (message.type === 'hello' || message.type === 'telemetry') messages.push(message)
  })
  cleanup.push(() => ws.terminate())
  return messages
}

const all = (frame: TelemetryFrame) => frame.cells.every((cell) => cell.voltageV !== undefined)

describe('the issue example: all five kinds of source at once', () => {
  it('shows, streams and records readings from each; one peer dying leaves the others live', async () => {
    const { station, dmm, killModbus, restartModbus } = await peersAndStation()
    const stream = streamOf(station)
    const frame = await frameWhen(station, 'a frame with all five cells', all, 20_000)
    expect(frame.cells.map((cell) => cell.voltageV)).toEqual([0.5, 0.45, 0.43, 0.42, 0.41])
    expect(frame.stack.temperatureK).toBeCloseTo(298.45, 6)
    expect(stream[0]).toMatchObject({ type: 'hello', protocol: 2, source: 'hardware' })
    expect(stream.some((m) => m.type === 'telemetry' && m.source === 'hardware' && all(m))).toBe(true)

    await killModbus()
    await deviceWhen(station, 'logger', 'the Modbus logger offline', (d) => d.state === 'offline')
    dmm.set('MEAS:VOLT:DC? (@101)', 0.39)
    const without = await frameWhen(station, 'the others still read', (f) => f.cells[3]?.voltageV === 0.39)
    expect(without.cells[0]!.voltageV).toBeUndefined()
    expect(without.cells.slice(1).map((cell) => cell.voltageV)).toEqual([0.45, 0.43, 0.39, 0.41])

    await restartModbus()
    await frameWhen(station, 'all five again', all, 20_000)
    // Recorded as it streamed: the hardware run's frames reach the database, every cell included.
    const run = await until('the hardware run recorded', async () => {
      const runs = JSON.parse((await httpsRequest(station, '/api/v1/runs')).body) as {
        runs: Array<{ runId: string; source: string; cells: number; frames: number }>
      }
      const first = runs.runs[0]
      return first && first.frames >= 20 ? first : undefined
    })
    expect(run).toMatchObject({ runId: frame.runId, source: 'hardware', cells: 5 })
  })
})
