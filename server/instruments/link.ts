import type { Clock, TimerHandle } from '../clock.js'
import type { DeviceStatus, InstrumentProtocol } from '../contract/instruments.js'
import type { AddressResult, Driver, DriverEvents, Reading } from './driver.js'
import { withTimeout } from './driver.js'
import { InstrumentTimeoutError, messageOf } from './errors.js'
import {
  backoffMs,
  createLinkStatus,
  defaultStaleMs,
  ERROR_EVENT_INTERVAL_MS,
  FAILURES_BEFORE_OFFLINE,
} from './link-state.js'

export type LinkEvent = { device: string; status: 'online' | 'offline' | 'error'; message: string }

export type DeviceLinkOptions = {
  id: string
  uri: string
  protocol: InstrumentProtocol
  addresses: readonly string[]
  pollMs: number
  timeoutMs: number
  retries: number
  staleMs?: number
  /** A silent device that sends by itself is reconnected (a serial port re-opened), not only marked offline. */
  reconnectOnSilence: boolean
  createDriver(events: DriverEvents): Driver
  clock: Clock
  onEvent(event: LinkEvent): void
}

/**
 * One device's link (docs/instruments.md "Links"): connects, polls on its own schedule or takes what the
 * device sends, keeps the newest reading per address, and watches itself. A link that breaks or goes
 * silent is closed and reconnected with backoff; whatever happens to it never touches another link.
 */
export function createDeviceLink(options: DeviceLinkOptions) {
  const { clock } = options
  const state = createLinkStatus(options.id, options.uri, options.protocol)
  const values = new Map<string, Reading>()
  let driver: Driver | undefined
  let polled = true
  let generation = 0
  let attempt = 0
  let failures = 0
  let connected = false
  let stopped = false
  let lastErrorEventMs = -Infinity
  let timer: TimerHandle | undefined
  let watchdog: TimerHandle | undefined
  let staleMs = options.staleMs ?? defaultStaleMs(true, options.pollMs, options.timeoutMs)

  const announce = (status: LinkEvent['status'], message: string) =>
    options.onEvent({ device: options.id, status, message })
  const clearTimers = () => {
    if (timer) clock.clearTimeout(timer)
    if (watchdog) clock.clearTimeout(watchdog)
    timer = watchdog = undefined
  }
  const reportError = (message: string, timeout = false) => {
    state.failed(message, clock.now(), timeout)
    if (clock.now() - lastErrorEventMs < ERROR_EVENT_INTERVAL_MS) return
    lastErrorEventMs = clock.now()
    announce('error', message)
  }
  const goOffline = (reason: string) => {
    if (state.enter('offline', clock.now())) announce('offline', reason)
  }
  const armWatchdog = () => {
    if (watchdog) clock.clearTimeout(watchdog)
    watchdog = clock.setTimeout(() => {
      watchdog = undefined
      if (stopped || !connected) return
      goOffline(`no reading for ${staleMs} ms`)
      if (options.reconnectOnSilence) void reconnect(`no reading for ${staleMs} ms`)
    }, staleMs)
  }
  const good = (readings: readonly Reading[]) => {
    for (const reading of readings) values.set(reading.address, reading)
    state.status.polls += 1
    state.status.lastGoodAtMs = clock.now()
    attempt = 0
    failures = 0
    if (state.enter('online', clock.now())) announce('online', state.status.identity ?? 'readings arrive')
    armWatchdog()
  }

  const events = (own: number): DriverEvents => ({
    readings: (readings) => own === generation && readings.length > 0 && good(readings),
    error: (message) => own === generation && reportError(message),
    down: (error) => own === generation && void reconnect(error.message),
    availability: (online, message) => {
      if (own !== generation) return
      if (!online) {
        values.clear()
        goOffline(message)
      } else if (state.enter('online', clock.now())) announce('online', message)
    },
  })

  async function reconnect(reason: string): Promise<void> {
    if (stopped) return
    generation += 1
    connected = false
    clearTimers()
    values.clear()
    goOffline(reason)
    const old = driver
    driver = undefined
    await old?.close().catch(() => undefined)
    if (stopped) return
    const delay = backoffMs(attempt)
    attempt += 1
    timer = clock.setTimeout(() => void connect(true), delay)
  }

  async function connect(isRetry: boolean): Promise<void> {
    timer = undefined
    const own = (generation += 1)
    const next = options.createDriver(events(own))
    driver = next
    polled = next.polled
    staleMs = options.staleMs ?? defaultStaleMs(polled, options.pollMs, options.timeoutMs)
    try {
      const connectMs = Math.max(options.timeoutMs * 2, 2000)
      const identity = await withTimeout(
        clock,
        next.connect(),
        connectMs,
        () => new InstrumentTimeoutError(`no connection within ${connectMs} ms`),
      )
      if (own !== generation || stopped) return
      state.status.identity = identity ?? state.status.identity
      connected = true
      if (isRetry) state.status.reconnects += 1
      armWatchdog()
      if (polled) schedulePoll(clock.now())
    } catch (error) {
      // Counted even when the driver already reported the link down (and a reconnect is under way).
      reportError(`connect: ${messageOf(error)}`, error instanceof InstrumentTimeoutError)
      if (own !== generation || stopped) return
      await reconnect(`cannot connect: ${messageOf(error)}`)
    }
  }

  const readOnce = async (target: Driver): Promise<AddressResult[]> => {
    for (let tries = 0; ; tries += 1) {
      try {
        if (tries > 0 && !connected) throw new Error('the link went down during the poll')
        const guardMs = options.timeoutMs * (options.addresses.length + 1)
        return await withTimeout(
          clock,
          target.read(options.addresses, options.timeoutMs),
          guardMs,
          () => new InstrumentTimeoutError(`poll took over ${guardMs} ms`),
        )
      } catch (error) {
        if (!(error instanceof InstrumentTimeoutError) || tries >= options.retries) throw error
      }
    }
  }

  function schedulePoll(slot: number): void {
    timer = clock.setTimeout(() => void poll(slot), Math.max(0, slot - clock.now()))
  }

  async function poll(slot: number): Promise<void> {
    timer = undefined
    const own = generation
    const target = driver
    if (!target || !connected) return
    try {
      const results = await readOnce(target)
      if (own !== generation) return
      const readings = results.filter((result): result is Reading => 'raw' in result)
      for (const result of results) if ('error' in result) reportError(`${result.address}: ${result.error}`)
      if (readings.length > 0 || results.length === 0) good(readings)
      else failures += 1
    } catch (error) {
      reportError(messageOf(error), error instanceof InstrumentTimeoutError)
      if (own !== generation) return
      failures += 1
    }
    if (own !== generation || stopped) return
    if (failures >= FAILURES_BEFORE_OFFLINE)
      return void reconnect(`${failures} failed polls in a row: ${state.status.lastError}`)
    let next = slot + options.pollMs
    const now = clock.now()
    if (now > next) {
      const skipped = Math.ceil((now - next) / options.pollMs)
      state.status.missedDeadlines += skipped
      next += skipped * options.pollMs
    }
    schedulePoll(next)
  }

  return {
    id: options.id,
    start: () => void connect(false),
    status: (): DeviceStatus => state.snapshot(),
    /** The newest reading of an address while the device is online and the reading is current. */
    value(address: string): Reading | undefined {
      const reading = values.get(address)
      if (!reading || state.status.state !== 'online' || clock.now() - reading.atMs > staleMs) return undefined
      return reading
    },
    /** Reads every mapped address once, now (polled devices ask the device; others give their newest values). */
    async readNow(): Promise<AddressResult[]> {
      if (!driver || !connected)
        throw new Error(`${options.id} is not connected (${state.status.lastError ?? state.status.state})`)
      return driver.read(options.addresses, options.timeoutMs)
    },
    async close(): Promise<void> {
      stopped = true
      generation += 1
      clearTimers()
      state.enter('stopped', clock.now())
      const old = driver
      driver = undefined
      await old?.close().catch(() => undefined)
    },
  }
}
export type DeviceLink = ReturnType<typeof createDeviceLink>
