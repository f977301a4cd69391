import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHilStack } from '../../server/control/testing/hil-stack.js'
import { startStationProcess } from '../../server/testing/station-process.js'
import { until } from '../instruments/harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

const STATION_SAFE_OHM = 4000
/** The potentiometer's own fallback: different from the station's safe value, so the test tells who wrote it. */
const DEVICE_FALLBACK_OHM = 4700
const HEARTBEAT = 300
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('device watchdog (docs/control.md "Device watchdog")', () => {
  it('the heartbeat changes at its period while the station runs and stops at kill -9; the device falls back', async () => {
    const stack = await startHilStack([{ e: 0.8, rint: 200 }], {
      ...{ register: HEARTBEAT, timeoutS: 1 },
      safe: [[100, DEVICE_FALLBACK_OHM]],
    })
    cleanup.push(() => stack.stop())
    const dir = mkdtempSync(join(tmpdir(), 'mfc-watchdog-'))
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }))
    const config = join(dir, 'config.json')
    const device = { id: 'cell', uri: `modbus-tcp://127.0.0.1:${stack.port}?unit=1`, pollMs: 50, timeoutMs: 300 }
    const rExt = { device: 'cell', address: 'holding:100:uint16', minOhm: 20, maxOhm: 5000, safeOhm: STATION_SAFE_OHM }
    writeFileSync(
      config,
      JSON.stringify({
        source: 'hardware',
        instruments: {
          frameMs: 100,
          devices: [{ ...device, watchdog: { address: `holding:${HEARTBEAT}:uint16`, periodMs: 200 } }],
          cells: [{ cell: 1, voltage: { device: 'cell', address: 'input:0:float32' }, rExt }],
          controller: { kind: 'fixed', periodS: 60 },
        },
      }),
    )
    const proc = await startStationProcess({ dataDir: join(dir, 'data'), args: ['--config', config] })
    cleanup.push(async () => void (await proc.stop('SIGKILL')))
    await until('the station writing its safe value at the first frame', async () => {
      const [ohm] = await stack.holding(100)
      return ohm === STATION_SAFE_OHM ? true : undefined
    })

    // 1.6 s of a 200 ms counter: about 8 beats, never a second of silence, so the device never falls back.
    const seen = new Set<number>()
    for (let i = 0; i < 16; i += 1) {
      seen.add((await stack.holding(HEARTBEAT))[0]!)
      await pause(100)
    }
    expect(seen.size).toBeGreaterThanOrEqual(5)
    expect(seen.size).toBeLessThanOrEqual(10)
    expect(await stack.holding(100)).toEqual([STATION_SAFE_OHM])

    expect(await proc.stop('SIGKILL')).toBe('SIGKILL')
    const [frozen] = await stack.holding(HEARTBEAT)
    await pause(600)
    expect(await stack.holding(HEARTBEAT)).toEqual([frozen])
    await until(
      "the device's own fallback after a second without heartbeat",
      async () => ((await stack.holding(100))[0] === DEVICE_FALLBACK_OHM ? true : undefined),
      3000,
    )
  }, 25_000)
})
