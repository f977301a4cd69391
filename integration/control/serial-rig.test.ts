import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { packageRoot } from '../../server/package-info.js'
import { DEBIAN_PYTHON, requireBinary, stopProcess } from '../../server/instruments/testing/processes.js'
import { startPtyPair } from '../../server/instruments/testing/peers.js'
import { httpsRequest, startTestStation } from '../../server/testing/station-fixture.js'
import { frameWhen, until } from '../instruments/harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

/** peers/resistor_rig.py on one end of a socat pty pair; resolves with the R commands it received. */
async function startRig(device: string) {
  requireBinary(DEBIAN_PYTHON, 'python3')
  const script = join(packageRoot(), 'server', 'control', 'testing', 'peers', 'resistor_rig.py')
  const child = spawn(DEBIAN_PYTHON, [script, device, '115200', '50', '0.8', '200'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  cleanup.push(() => stopProcess(child))
  const received: string[] = []
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`resistor_rig.py exited (${code})`)))
    createInterface({ input: child.stdout }).on('line', (line) => (line === 'ready' ? resolve() : received.push(line)))
  })
  return received
}

describe('an R_ext actuator on a serial rig (socat + python3-serial)', () => {
  it('sends "R 470\\n" as the safe value, reads it back from the rig’s lines, and writes what the operator sets', async () => {
    const pty = await startPtyPair()
    cleanup.push(() => pty.stop())
    const received = await startRig(pty.b)
    const hw = await startTestStation({
      source: 'hardware',
      instruments: {
        frameMs: 100,
        devices: [{ id: 'rig', uri: `serial://${pty.a}?baud=115200&format=csv`, staleMs: 1000 }],
        cells: [
          {
            cell: 1,
            voltage: { device: 'rig', address: 'csv:1' },
            rExt: {
              ...{ device: 'rig', address: 'cmd:R {value}', readBack: 'csv:2' },
              ...{ minOhm: 20, maxOhm: 5000, safeOhm: 470 },
            },
          },
        ],
      },
    })
    cleanup.push(() => hw.dispose())
    await until('the rig told R 470', async () => (received.includes('R 470') ? true : undefined))
    const frame = await frameWhen(hw, 'R_ext read back as 470', (f) => f.cells[0]?.rExtMeasuredOhm === 470)
    expect(frame.cells[0]).toMatchObject({ rExtCommandedOhm: 470 })
    expect(frame.cells[0]!.voltageV).toBeCloseTo((0.8 * 470) / 670, 4)
    // I = V / R_ext with the read-back resistance.
    expect(frame.cells[0]!.currentA).toBeCloseTo(frame.cells[0]!.voltageV! / 470, 9)
    const write = await httpsRequest(hw, '/api/v1/stack/actuators/cell-1-rext', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 1000 }),
    })
    expect(write.status).toBe(200)
    await until('the rig told R 1000', async () => (received.includes('R 1000') ? true : undefined))
    await frameWhen(hw, 'R_ext read back as 1000', (f) => f.cells[0]?.rExtMeasuredOhm === 1000)
    const refused = await httpsRequest(hw, '/api/v1/stack/actuators/cell-1-rext', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'many' }),
    })
    expect(refused.status).toBe(400)
    expect(received.filter((line) => line.startsWith('R '))).toEqual(['R 470', 'R 1000'])
  }, 20_000)
})
