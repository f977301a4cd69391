import { describe, expect, it } from 'vitest'
import { instrumentDeviceSchema, instrumentsConfigSchema } from '../config/instruments-schema.js'
import { compileChannelMap } from './channel-map.js'
import { createManualClock } from '../testing/manual-clock.js'
import { defineDevice } from './protocols.js'
import { createWatchdogs } from './watchdog.js'

const device = (watchdog: object) =>
  defineDevice(instrumentDeviceSchema.parse({ id: 'plc', uri: 'modbus-tcp://127.0.0.1:1502?unit=1', watchdog }))

/** Lets the writes' promise callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve))

function harness(watchdog: object, fail: () => boolean = () => false) {
  const clock = createManualClock()
  const writes: Array<[string, string, number]> = []
  const changes: string[] = []
  const watchdogs = createWatchdogs({
    devices: [device(watchdog), defineDevice(instrumentDeviceSchema.parse({ id: 'quiet', uri: 'http-ingest:' }))],
    write: (id, address, raw) => {
      writes.push([id, address, raw])
      return fail() ? Promise.reject(new Error('timeout after 300 ms')) : Promise.resolve()
    },
    clock,
    onChange: (id, failing, message) => changes.push(`${id} ${failing ? 'failing' : 'ok'}: ${message}`),
  })
  return { clock, writes, changes, watchdogs }
}

async function beat(clock: ReturnType<typeof createManualClock>, ms: number) {
  clock.advance(ms)
  await settled()
}

describe('device watchdog heartbeats (docs/control.md "Device watchdog")', () => {
  it('writes a counter at its period, only for devices that have a watchdog, and stops on close', async () => {
    const { clock, writes, watchdogs } = harness({ address: 'holding:300:uint16', periodMs: 500, modulo: 3 })
    watchdogs.start()
    await settled()
    for (let i = 0; i < 4; i += 1) await beat(clock, 500)
    expect(writes).toEqual([0, 1, 2, 0, 1].map((raw) => ['plc', 'holding:300:uint16', raw]))
    watchdogs.close()
    await beat(clock, 5000)
    expect(writes).toHaveLength(5)
    expect(watchdogs.health()).toEqual([expect.objectContaining({ name: 'watchdog plc', up: true, restarts: 0 })])
  })

  it('toggles, or writes one value each time', async () => {
    const toggle = harness({ address: 'coil:5', mode: 'toggle', periodMs: 100 })
    toggle.watchdogs.start()
    await settled()
    for (let i = 0; i < 3; i += 1) await beat(toggle.clock, 100)
    expect(toggle.writes.map(([, , raw]) => raw)).toEqual([0, 1, 0, 1])
    const fixed = harness({ address: 'holding:7:uint16', mode: 'value', value: 42, periodMs: 100 })
    fixed.watchdogs.start()
    await settled()
    await beat(fixed.clock, 100)
    expect(fixed.writes.map(([, , raw]) => raw)).toEqual([42, 42])
  })

  it('a failing write degrades health and is announced once per streak; a written one recovers', async () => {
    let down = true
    const { clock, changes, watchdogs } = harness({ address: 'holding:300:uint16', periodMs: 200 }, () => down)
    watchdogs.start()
    await settled()
    await beat(clock, 200)
    await beat(clock, 200)
    expect(changes).toEqual(['plc failing: watchdog heartbeat not written: timeout after 300 ms'])
    expect(watchdogs.health()[0]).toMatchObject({ up: false, state: 'restarting', restarts: 3 })
    expect(watchdogs.health()[0]?.lastError).toBe('timeout after 300 ms')
    down = false
    await beat(clock, 200)
    expect(changes.at(-1)).toBe('plc ok: watchdog heartbeat written again')
    expect(watchdogs.health()[0]).toMatchObject({ up: true, state: 'up', restarts: 3 })
    watchdogs.close()
  })

  it('skips a beat while the previous write is still in flight instead of queueing writes', async () => {
    const clock = createManualClock()
    let calls = 0
    const watchdogs = createWatchdogs({
      devices: [device({ address: 'holding:300:uint16', periodMs: 100 })],
      write: () => {
        calls += 1
        return new Promise(() => undefined)
      },
      clock,
      onChange: () => undefined,
    })
    watchdogs.start()
    for (let i = 0; i < 5; i += 1) await beat(clock, 100)
    expect(calls).toBe(1)
    watchdogs.close()
  })

  it('refuses at start a watchdog address the device cannot write, naming the key', () => {
    const compile = (address: string) => () =>
      compileChannelMap(
        instrumentsConfigSchema.parse({
          devices: [{ id: 'plc', uri: 'modbus-tcp://127.0.0.1:1502', watchdog: { address } }],
        }),
      )
    expect(compile('input:3:uint16')).toThrow(/^instruments\.devices\[0\]\.watchdog\.address: /)
    expect(compile('holding:300:uint16')).not.toThrow()
  })
})
