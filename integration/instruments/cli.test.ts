import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { float32Registers, startModbusPeer } from '../../server/instruments/testing/peers.js'
import { freeLoopbackPort } from '../../server/instruments/testing/processes.js'
import { startScpiInstrument } from '../../server/instruments/testing/scpi-instrument.js'
import { CLI_PATH } from '../../server/testing/station-process.js'

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'instruments', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('mfc-station instruments', () => {
  it('reads one value once, and says in one line why it cannot', async () => {
    const peer = await startModbusPeer({ tcp: true })
    cleanup.push(() => peer.stop())
    await peer.set('ir', 0, float32Registers(0.512))
    const uri = `modbus-tcp://127.0.0.1:${peer.port}?unit=1`
    const plain = await cli('read', uri, 'input:0:float32')
    expect(plain.code).toBe(0)
    expect(Number(plain.stdout.trim())).toBeCloseTo(0.512, 6)
    const json = JSON.parse((await cli('read', uri, 'input:0:float32', '--json')).stdout) as { value: number }
    expect(json.value).toBeCloseTo(0.512, 6)

    const dead = await cli(
      'read',
      `modbus-tcp://127.0.0.1:${await freeLoopbackPort()}`,
      'input:0:float32',
      '--timeout-ms',
      '300',
    )
    expect(dead.code).toBe(1)
    expect(dead.stderr.trim().split('\n')).toHaveLength(1)
    expect(dead.stderr).toMatch(/^mfc-station: modbus-tcp:\/\/127\.0\.0\.1:\d+ input:0:float32: .*ECONNREFUSED/)
    const typo = await cli('read', uri, 'input:0:float64')
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/the type must be one of/)
  })

  it('tests every device of a configuration and prints a table; a dead device fails the run', async () => {
    const peer = await startModbusPeer({ tcp: true })
    cleanup.push(() => peer.stop())
    await peer.set('hr', 10, [253])
    const dmm = await startScpiInstrument()
    cleanup.push(() => dmm.stop())
    dmm.set('MEAS:VOLT:DC? (@101)', 0.5)
    const dir = mkdtempSync(join(tmpdir(), 'mfc-instruments-cli-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const write = (devices: unknown[]) => {
      const file = join(dir, 'config.json')
      const cells = [{ cell: 1, voltage: { device: 'dmm', address: 'dcv:101' } }]
      const stack = { temperature: { device: 'logger', address: 'holding:10:int16', scale: 0.1, unit: 'degC' } }
      writeFileSync(file, JSON.stringify({ source: 'hardware', dataDir: dir, instruments: { devices, cells, stack } }))
      return file
    }
    const devices = [
      { id: 'logger', uri: `modbus-tcp://127.0.0.1:${peer.port}?unit=1` },
      { id: 'dmm', uri: `scpi-tcp://127.0.0.1:${dmm.port}`, profile: 'keithley-2700' },
    ]
    const ok = await cli('test', '--config', write(devices))
    expect(ok.code).toBe(0)
    const [header, ...rows] = ok.stdout.trim().split('\n')
    expect(header).toMatch(/^device\s+protocol\s+identity\s+target\s+address\s+value\s+error$/)
    expect(rows.find((row) => row.startsWith('logger'))).toMatch(/stack temperatureK\s+holding:10:int16\s+253/)
    expect(rows.find((row) => row.startsWith('dmm'))).toMatch(
      /KEITHLEY INSTRUMENTS INC\.,MODEL 2700.*cell 1 voltageV\s+dcv:101\s+0\.5/,
    )

    await dmm.stop()
    const failed = await cli('test', '--config', write(devices), '--json')
    expect(failed.code).toBe(1)
    const { rows: json } = JSON.parse(failed.stdout) as { rows: Array<{ device: string; error: string }> }
    expect(json.find((row) => row.device === 'dmm')!.error).toMatch(/ECONNREFUSED/)
    expect(json.find((row) => row.device === 'logger')!.error).toBe('')
  })
})
