import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startMosquitto } from '../../server/instruments/testing/peers.js'
import { requireBinary, stopProcess } from '../../server/instruments/testing/processes.js'
import { startScpiInstrument } from '../../server/instruments/testing/scpi-instrument.js'
import { httpsRequest, startTestStation } from '../../server/testing/station-fixture.js'
import { CLI_PATH } from '../../server/testing/station-process.js'
import { deviceWhen, eventsOf, frameWhen, instrumentsOf, startHardwareStation } from './harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

/** mosquitto_pub playing an ESP32: publishes each stdin line, with its Last Will on the status topic. */
function esp32(port: number) {
  requireBinary('mosquitto_pub', 'mosquitto-clients')
  const args = ['-h', '127.0.0.1', '-p', String(port), '-t', 'lab/mfc3/state', '-l', '-k', '5']
  const child = spawn('mosquitto_pub', [...args, '--will-topic', 'lab/mfc3/status', '--will-payload', 'offline'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  cleanup.push(() => stopProcess(child))
  return { child, publish: (payload: string) => child.stdin.write(`${payload}\n`) }
}

describe('MQTT against Debian mosquitto', () => {
  it('takes JSON readings, reports bad payloads, goes offline on the Last Will and when the broker dies', async () => {
    const broker = await startMosquitto()
    cleanup.push(() => broker.stop())
    const station = await startHardwareStation({
      devices: [{ id: 'esp', uri: `mqtt://127.0.0.1:${broker.port}?availability=lab/mfc3/status`, timeoutMs: 2000 }],
      cells: [{ cell: 1, voltage: { device: 'esp', address: 'lab/mfc3/state#json:$.v' }, rExtOhm: 1000 }],
    })
    cleanup.push(() => station.dispose())
    const esp = esp32(broker.port)
    const timer = setInterval(() => esp.publish(JSON.stringify({ v: 0.42, rssi: -60 })), 100)
    cleanup.push(async () => clearInterval(timer))
    const frame = await frameWhen(station, 'an MQTT reading', (f) => f.cells[0]?.voltageV !== undefined)
    expect(frame.cells[0]!.voltageV).toBe(0.42)
    expect(frame.cells[0]!.currentA).toBeCloseTo(0.00042, 12)
    esp.publish('{"v": "not a number"}')
    await deviceWhen(
      station,
      'esp',
      'a bad payload counted',
      (d) => d.errors > 0 && /not a reading/.test(d.lastError ?? ''),
    )

    clearInterval(timer)
    esp.child.kill('SIGKILL')
    await deviceWhen(station, 'esp', 'offline by the Last Will', (d) => d.state === 'offline')
    expect(await eventsOf(station)).toContainEqual(
      expect.objectContaining({
        kind: 'instrument',
        device: 'esp',
        status: 'offline',
        message: 'lab/mfc3/status: offline',
      }),
    )
    await broker.stop()
    await deviceWhen(station, 'esp', 'a connection error after the broker died', (d) =>
      /connect|closed/.test(d.lastError ?? ''),
    )
  })
})

describe('MQTT credentials from the secret store', () => {
  it('connects with the password stored by `instruments secret`, and says why a wrong one is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfc-mqtt-auth-'))
    const passwords = join(dir, 'passwords')
    writeFileSync(passwords, '')
    execFileSync('mosquitto_passwd', ['-b', passwords, 'station', 'broker secret 1'])
    // mosquitto started as root reads its files as the "mosquitto" user.
    chmodSync(dir, 0o755)
    chmodSync(passwords, 0o644)
    const broker = await startMosquitto({ passwordFile: passwords })
    cleanup.push(() => broker.stop())
    const dataDir = join(dir, 'data')
    const store = (value: string) =>
      execFileSync(process.execPath, [CLI_PATH, 'instruments', 'secret', 'broker', '--data-dir', dataDir], {
        input: `${value}\n`,
        env: { ...process.env, MFC_SECRETS: 'file' },
      }).toString()
    expect(store('wrong password')).toMatch(/instrument\.broker stored in the file secret store/)
    const start = () =>
      startTestStation(
        {
          source: 'hardware',
          security: { secrets: 'file' },
          instruments: {
            frameMs: 100,
            devices: [{ id: 'esp', uri: broker.url, username: 'station', passwordSecret: 'broker', timeoutMs: 1000 }],
            cells: [{ cell: 1, voltage: { device: 'esp', address: 'lab/v' } }],
          },
        },
        dataDir,
      )
    const refused = await start()
    await deviceWhen(refused, 'esp', 'the wrong password refused', (d) =>
      /Not authorized|Bad user name or password/i.test(d.lastError ?? ''),
    )
    await refused.close()
    store('broker secret 1')
    const station = await start()
    cleanup.push(() => station.dispose())
    const publish = setInterval(() => {
      spawn('mosquitto_pub', [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-u',
        'station',
        '-P',
        'broker secret 1',
        '-t',
        'lab/v',
        '-m',
        '0.33',
      ])
    }, 200)
    cleanup.push(async () => clearInterval(publish))
    await frameWhen(station, 'a reading over the authenticated link', (f) => f.cells[0]?.voltageV === 0.33)
  })
})

describe('SCPI over TCP against a scripted Keithley 2700', () => {
  it('identifies the instrument, reads profile and literal queries, reads the error queue, reconnects', async () => {
    const dmm = await startScpiInstrument()
    cleanup.push(() => dmm.stop())
    dmm.set('MEAS:VOLT:DC? (@101)', 0.512)
    dmm.set('MEAS:VOLT:DC? (@102)', 0.498)
    const station = await startHardwareStation({
      devices: [
        { id: 'dmm', uri: `scpi-tcp://127.0.0.1:${dmm.port}`, profile: 'keithley-2700', pollMs: 100, timeoutMs: 300 },
      ],
      cells: [
        { cell: 1, voltage: { device: 'dmm', address: 'MEAS:VOLT:DC? (@101)' } },
        { cell: 2, voltage: { device: 'dmm', address: 'dcv:102' } },
        { cell: 3, voltage: { device: 'dmm', address: 'MEAS:VOLT:DCX? (@103)' } },
      ],
    })
    cleanup.push(() => station.dispose())
    const frame = await frameWhen(station, 'DMM readings', (f) => f.cells[1]?.voltageV !== undefined)
    expect(frame.cells.map((c) => c.voltageV)).toEqual([0.512, 0.498, undefined])
    const device = await deviceWhen(station, 'dmm', 'the error queue read', (d) => d.errors > 0)
    expect(device.identity).toMatch(/KEITHLEY INSTRUMENTS INC\.,MODEL 2700/)
    expect(device.lastError).toMatch(/MEAS:VOLT:DCX\? \(@103\): instrument error -113, "Undefined header"/)
    expect(dmm.commandsSeen()).toEqual(expect.arrayContaining(['*IDN?', '*CLS', 'FORM:ELEM READ', 'SYST:ERR?']))

    const read = await httpsRequest(station, '/api/v1/instruments/dmm/read', { method: 'POST' })
    expect(read.status).toBe(200)
    expect(JSON.parse(read.body)).toMatchObject({
      device: 'dmm',
      readings: [{ raw: 0.512 }, { raw: 0.498 }, { raw: null }],
    })

    dmm.mode('garbage')
    await deviceWhen(station, 'dmm', 'a garbage answer reported', (d) => /not a reading/.test(d.lastError ?? ''))
    dmm.mode('silent')
    await deviceWhen(
      station,
      'dmm',
      'the hung DMM offline after timeouts',
      (d) => d.state === 'offline' && d.timeouts > 0,
    )
    dmm.mode('answer')
    await deviceWhen(station, 'dmm', 'the DMM back', (d) => d.state === 'online' && d.reconnects > 0)
    expect(dmm.connections()).toBeGreaterThan(1)
    expect((await instrumentsOf(station)).channels[0]).toMatchObject({ target: 'cell 1 voltageV', value: 0.512 })
  })
})
