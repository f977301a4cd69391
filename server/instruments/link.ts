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

/** One link's moving parts; the functions below work on it (a generation tells stale callbacks apart). */
type Link = {
  options: DeviceLinkOptions
  clock: Clock
  state: ReturnType<typeof createLinkStatus>
  values: Map<string, Reading>
  driver: Driver | undefined
  generation: number
  attempt: number
  failures: number
  connected: boolean
  stopped: boolean
  lastErrorEventMs: number
  timer: TimerHandle | undefined
  watchdog: TimerHandle | undefined
  staleMs: number
}

const announce = (link: Link, status: LinkEvent['status'], message: string) =>
  link.options.onEvent({ device: link.options.id, status, message })

function clearTimers(link: Link): void {
  if (link.timer) link.clock.clearTimeout(link.timer)
  if (link.watchdog) link.clock.clearTimeout(link.watchdog)
  link.timer = link.watchdog = undefined
}

/** Counts a failure; an `error` event at most once per ERROR_EVENT_INTERVAL_MS. */
function reportError(link: Link, message: string, timeout = false): void {
  const now = link.clock.now()
  link.state.failed(message, now, timeout)
  if (now - link.lastErrorEventMs < ERROR_EVENT_INTERVAL_MS) return
  link.lastErrorEventMs = now
  announce(link, 'error', message)
}

function goOffline(link: Link, reason: string): void {
  if (link.state.enter('offline', link.clock.now())) announce(link, 'offline', reason)
}

function armWatchdog(link: Link): void {
  if (link.watchdog) link.clock.clearTimeout(link.watchdog)
  link.watchdog = link.clock.setTimeout(() => {
    link.watchdog = undefined
    if (link.stopped || !link.connected) return
    goOffline(link, `no reading for ${link.staleMs} ms`)
    if (link.options.reconnectOnSilence) void reconnect(link, `no reading for ${link.staleMs} ms`)
  }, link.staleMs)
}

function good(link: Link, readings: readonly Reading[]): void {
  for (const reading of readings) link.values.set(reading.address, reading)
  link.state.status.polls += 1
  link.state.status.lastGoodAtMs = link.clock.now()
  link.attempt = 0
  link.failures = 0
  if (link.state.enter('online', link.clock.now()))
    announce(link, 'online', link.state.status.identity ?? 'readings arrive')
  armWatchdog(link)
}

/** What a driver of generation `own` may tell the link; anything from an older driver is ignored. */
function driverEvents(link: Link, own: number): DriverEvents {
  const current = () => own === link.generation
  return {
    readings: (readings) => {
      if (current() && readings.length > 0) good(link, readings)
    },
    error: (message) => {
      if (current()) reportError(link, message)
    },
    down: (error) => {
      if (current()) void reconnect(link, error.message)
    },
    availability: (online, message) => {
      if (!current()) return
      if (!online) {
        link.values.clear()
        goOffline(link, message)
      } else if (link.state.enter('online', link.clock.now())) announce(link, 'online', message)
    },
  }
}

/** Closes the driver and connects again after the backoff. */
async function reconnect(link: Link, reason: string): Promise<void> {
  if (link.stopped) return
  link.generation += 1
  link.connected = false
  clearTimers(link)
  link.values.clear()
  goOffline(link, reason)
  const old = link.driver
  link.driver = undefined
  await old?.close().catch(() => undefined)
  if (link.stopped) return
  const delay = backoffMs(link.attempt)
  link.attempt += 1
  link.timer = link.clock.setTimeout(() => void connect(link, true), delay)
}

async function connect(link: Link, isRetry: boolean): Promise<void> {
  const { options, clock } = link
  link.timer = undefined
  const own = (link.generation += 1)
  const next = options.createDriver(driverEvents(link, own))
  link.driver = next
  link.staleMs = options.staleMs ?? defaultStaleMs(next.polled, options.pollMs, options.timeoutMs)
  try {
    const connectMs = Math.max(options.timeoutMs * 2, 2000)
    const timeout = () => new InstrumentTimeoutError(`no connection within ${connectMs} ms`)
    const identity = await withTimeout(clock, next.connect(), connectMs, timeout)
    if (own !== link.generation || link.stopped) return
    link.state.status.identity = identity ?? link.state.status.identity
    link.connected = true
    if (isRetry) link.state.status.reconnects += 1
    armWatchdog(link)
    if (next.polled) schedulePoll(link, clock.now())
  } catch (error) {
    // Counted even when the driver already reported the link down (and a reconnect is under way).
    reportError(link, `connect: ${messageOf(error)}`, error instanceof InstrumentTimeoutError)
    if (own !== link.generation || link.stopped) return
    await reconnect(link, `cannot connect: ${messageOf(error)}`)
  }
}

/** One poll with its retries; a hung driver is bounded by a guard of one timeout per address. */
async function readOnce(link: Link, target: Driver): Promise<AddressResult[]> {
  const { options, clock } = link
  const guardMs = options.timeoutMs * (options.addresses.length + 1)
  for (let tries = 0; ; tries += 1) {
    try {
      if (tries > 0 && !link.connected) throw new Error('the link went down during the poll')
      const timeout = () => new InstrumentTimeoutError(`poll took over ${guardMs} ms`)
      return await withTimeout(clock, target.read(options.addresses, options.timeoutMs), guardMs, timeout)
    } catch (error) {
      if (!(error instanceof InstrumentTimeoutError) || tries >= options.retries) throw error
    }
  }
}

function schedulePoll(link: Link, slot: number): void {
  link.timer = link.clock.setTimeout(() => void poll(link, slot), Math.max(0, slot - link.clock.now()))
}

async function poll(link: Link, slot: number): Promise<void> {
  link.timer = undefined
  const own = link.generation
  const target = link.driver
  if (!target || !link.connected) return
  try {
    const results = await readOnce(link, target)
    if (own !== link.generation) return
    const readings = results.filter((result): result is Reading => 'raw' in result)
    for (const result of results) if ('error' in result) reportError(link, `${result.address}: ${result.error}`)
    if (readings.length > 0 || results.length === 0) good(link, readings)
    else link.failures += 1
  } catch (error) {
    reportError(link, messageOf(error), error instanceof InstrumentTimeoutError)
    if (own !== link.generation) return
    link.failures += 1
  }
  if (own !== link.generation || link.stopped) return
  if (link.failures >= FAILURES_BEFORE_OFFLINE)
    return void reconnect(link, `${link.failures} failed polls in a row: ${link.state.status.lastError}`)
  schedulePoll(link, nextSlot(link, slot))
}

/** The next poll slot; slots that passed while the poll ran are counted as missed, not run late. */
function nextSlot(link: Link, slot: number): number {
  const { pollMs } = link.options
  const next = slot + pollMs
  const now = link.clock.now()
  if (now <= next) return next
  const skipped = Math.ceil((now - next) / pollMs)
  link.state.status.missedDeadlines += skipped
  return next + skipped * pollMs
}

/**
 * One device's link (docs/instruments.md "Links"): connects, polls on its own schedule or takes what the
 * device sends, keeps the newest reading per address, and watches itself. A link that breaks or goes
 * silent is closed and reconnected with backoff; whatever happens to it never touches another link.
 */
export function createDeviceLink(options: DeviceLinkOptions) {
  const { clock } = options
  const link: Link = {
    ...{ options, clock, state: createLinkStatus(options.id, options.uri, options.protocol), values: new Map() },
    ...{ driver: undefined, generation: 0, attempt: 0, failures: 0, connected: false, stopped: false },
    ...{ lastErrorEventMs: -Infinity, timer: undefined, watchdog: undefined },
    staleMs: options.staleMs ?? defaultStaleMs(true, options.pollMs, options.timeoutMs),
  }
  return {
    id: options.id,
    start: () => void connect(link, false),
    status: (): DeviceStatus => link.state.snapshot(),
    /** The newest reading of an address while the device is online and the reading is current. */
    value(address: string): Reading | undefined {
      const reading = link.values.get(address)
      if (!reading || link.state.status.state !== 'online' || clock.now() - reading.atMs > link.staleMs)
        return undefined
      return reading
    },
    /** Reads every mapped address once, now (polled devices ask the device; others give their newest values). */
    async readNow(): Promise<AddressResult[]> {
      const { driver, connected, state } = link
      if (!driver || !connected)
        throw new Error(`${options.id} is not connected (${state.status.lastError ?? state.status.state})`)
      return driver.read(options.addresses, options.timeoutMs)
    },
    /** Writes one value and resolves once the device acknowledged it (bounded by two request timeouts). */
    async write(address: string, value: number): Promise<void> {
      const { driver, connected, state } = link
      if (!driver || !connected)
        throw new Error(`${options.id} is not connected (${state.status.lastError ?? state.status.state})`)
      const boundMs = options.timeoutMs * 2
      const timeout = () => new InstrumentTimeoutError(`write of ${address} took over ${boundMs} ms`)
      await withTimeout(clock, driver.write(address, value, options.timeoutMs), boundMs, timeout)
    },
    async close(): Promise<void> {
      link.stopped = true
      link.generation += 1
      clearTimers(link)
      link.state.enter('stopped', clock.now())
      const old = link.driver
      link.driver = undefined
      await old?.close().catch(() => undefined)
    },
  }
}
export type DeviceLink = ReturnType<typeof createDeviceLink>
