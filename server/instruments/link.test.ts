import { describe, expect, it } from 'vitest'
import { createManualClock } from '../testing/manual-clock.js'
import type { AddressResult, Driver, DriverEvents } from './driver.js'
import { InstrumentTimeoutError } from './errors.js'
import { createDeviceLink, type LinkEvent } from './link.js'

/** A driver the test scripts: each poll answers what `answer` says (the seam under the real link). */
function scripted(clock: ReturnType<typeof createManualClock>) {
  const control = {
    answer: (): AddressResult[] | Error => [{ address: 'a', raw: 1, atMs: clock.now() }],
    /** How long a read takes on the station's clock. */
    readMs: 0,
    connects: 0,
    refuse: false,
    events: undefined as DriverEvents | undefined,
  }
  const createDriver = (events: DriverEvents): Driver => {
    control.events = events
    return {
      polled: true,
      connect: async () => {
        control.connects += 1
        if (control.refuse) throw new Error('ECONNREFUSED')
        return 'scripted device'
      },
      read: async () => {
        if (control.readMs > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, control.readMs))
        const answer = control.answer()
        if (answer instanceof Error) throw answer
        return answer
      },
      write: async () => {},
      close: async () => {},
    }
  }
  return { control, createDriver }
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve()
}

async function run(clock: ReturnType<typeof createManualClock>, ms: number, step = 10) {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step)
    await flush()
  }
}

function link(options: { pollMs?: number; timeoutMs?: number } = {}) {
  const clock = createManualClock()
  const events: LinkEvent[] = []
  const { control, createDriver } = scripted(clock)
  const device = createDeviceLink({
    ...{ id: 'dev', uri: 'modbus-tcp://x:1', protocol: 'modbus-tcp', addresses: ['a'], pollMs: options.pollMs ?? 100 },
    ...{ timeoutMs: options.timeoutMs ?? 50, retries: 0, reconnectOnSilence: false, createDriver, clock },
    onEvent: (event) => events.push(event),
  })
  return { clock, events, control, device }
}

describe('device link', () => {
  it('connects, polls on its schedule, and keeps the newest reading while it is current', async () => {
    const { clock, device, events } = link()
    device.start()
    await run(clock, 1000)
    expect(device.status()).toMatchObject({
      state: 'online',
      identity: 'scripted device',
      timeouts: 0,
      missedDeadlines: 0,
    })
    expect(device.status().polls).toBeGreaterThanOrEqual(10)
    expect(device.value('a')).toMatchObject({ raw: 1 })
    expect(events).toEqual([{ device: 'dev', status: 'online', message: 'scripted device' }])
    await device.close()
    expect(clock.pending()).toBe(0)
  })

  it('counts timeouts, goes offline after three failed polls, reconnects with doubling backoff', async () => {
    const { clock, device, events, control } = link()
    device.start()
    await run(clock, 300)
    control.answer = () => new InstrumentTimeoutError('no answer')
    control.refuse = true
    await run(clock, 400)
    expect(device.status()).toMatchObject({ state: 'offline' })
    expect(device.status().timeouts).toBe(3)
    expect(device.value('a')).toBeUndefined()
    const refusedAt = control.connects
    await run(clock, 500 + 1000 + 2000)
    expect(control.connects - refusedAt).toBe(3)
    control.refuse = false
    control.answer = () => [{ address: 'a', raw: 2, atMs: clock.now() }]
    await run(clock, 4100)
    expect(device.status()).toMatchObject({ state: 'online', reconnects: 1 })
    expect(device.value('a')).toMatchObject({ raw: 2 })
    expect(events.map((event) => event.status)).toEqual(['online', 'error', 'offline', 'online'])
    await device.close()
  })

  it('reports one bad address without failing the poll, and a transport failure at once', async () => {
    const { clock, device, control } = link()
    control.answer = () => [
      { address: 'a', raw: 1, atMs: clock.now() },
      { address: 'b', error: 'Modbus exception 2', atMs: clock.now() },
    ]
    device.start()
    await run(clock, 300)
    expect(device.status()).toMatchObject({ state: 'online', lastError: 'b: Modbus exception 2' })
    control.events!.down(new Error('connection closed'))
    await flush()
    expect(device.status().state).toBe('offline')
    await device.close()
  })

  it('counts missed deadlines when a poll overruns its period', async () => {
    const { clock, device, control } = link({ pollMs: 100, timeoutMs: 200 })
    control.readMs = 250
    device.start()
    await run(clock, 500)
    expect(device.status().missedDeadlines).toBeGreaterThanOrEqual(2)
    await device.close()
  })
})
