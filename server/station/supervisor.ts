import type { Clock, TimerHandle } from '../clock.js'
import type { Logger } from '../logger.js'
import type { SupervisedService, Supervise } from '../module.js'

/** Starts a service; it calls `fail` when it dies (an exception in its timer, a broken resource). */
export type ServiceFactory = (fail: (error: unknown) => void) => SupervisedService

export type ServiceHealth = {
  name: string
  state: 'up' | 'restarting' | 'stopped'
  up: boolean
  /** Seconds since the current instance started (0 while restarting). */
  uptimeSeconds: number
  restarts: number
  lastError: string | null
}

export type SupervisorDeps = {
  log: Logger
  clock: Clock
  /** Told about every failure and restart (the station streams it as an event). */
  onEvent?: (event: { service: string; action: 'failed' | 'restarted'; message: string }) => void
  /** First restart delay; doubles per consecutive failure up to maxDelayMs. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Up this long without failing resets the backoff. */
  stableMs?: number
}

type Entry = {
  name: string
  factory: ServiceFactory
  instance: SupervisedService | undefined
  startedAt: number
  restarts: number
  consecutive: number
  lastError: string | null
  timer: TimerHandle | undefined
  generation: number
}

/** One service's line in the health detail. */
function healthOf(entry: Entry, closed: boolean, at: number): ServiceHealth {
  const up = entry.instance !== undefined && entry.timer === undefined && !closed
  return {
    name: entry.name,
    state: closed ? 'stopped' : up ? 'up' : 'restarting',
    up,
    uptimeSeconds: up ? Math.round((at - entry.startedAt) / 1000) : 0,
    restarts: entry.restarts,
    lastError: entry.lastError,
  }
}

const newEntry = (name: string, factory: ServiceFactory): Entry => ({
  name,
  factory,
  instance: undefined,
  startedAt: 0,
  restarts: 0,
  consecutive: 0,
  lastError: null,
  timer: undefined,
  generation: 0,
})

/**
 * Keeps services running: a service that fails is closed, restarted after an exponential backoff
 * (1 s, 2 s, 4 s ... 60 s; reset after a stable minute), and the failure is logged, reported to
 * onEvent and counted. health() feeds `GET /api/v1/health` detail and the metrics.
 */
export function createSupervisor(deps: SupervisorDeps) {
  const base = deps.baseDelayMs ?? 1000
  const max = deps.maxDelayMs ?? 60_000
  const stable = deps.stableMs ?? 60_000
  const entries: Entry[] = []
  let closed = false

  const launch = (entry: Entry) => {
    const generation = (entry.generation += 1)
    // A late failure report from an instance already replaced must not restart its successor.
    const fail = (error: unknown) => {
      if (closed || generation !== entry.generation || entry.instance === undefined) return
      void onFailure(entry, error)
    }
    entry.startedAt = deps.clock.now()
    try {
      entry.instance = entry.factory(fail)
    } catch (error) {
      entry.instance = { close() {} }
      fail(error)
    }
  }

  const onFailure = async (entry: Entry, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    entry.lastError = message
    entry.consecutive = deps.clock.now() - entry.startedAt >= stable ? 1 : entry.consecutive + 1
    const delay = Math.min(max, base * 2 ** (entry.consecutive - 1))
    deps.log.error(`service ${entry.name} failed: ${message}; restarting in ${delay} ms`, error)
    deps.onEvent?.({ service: entry.name, action: 'failed', message })
    const instance = entry.instance
    entry.instance = undefined
    try {
      await instance?.close()
    } catch (closeError) {
      deps.log.warn(`service ${entry.name}: close after failure threw: ${(closeError as Error).message}`)
    }
    if (closed) return
    entry.timer = deps.clock.setTimeout(() => {
      entry.timer = undefined
      if (closed) return
      entry.restarts += 1
      launch(entry)
      deps.log.info(`service ${entry.name} restarted (restart ${entry.restarts})`)
      deps.onEvent?.({ service: entry.name, action: 'restarted', message: `restart ${entry.restarts}` })
    }, delay)
  }

  /** Cancels a pending restart and closes the running instance; a later failure report is ignored. */
  const stop = async (entry: Entry) => {
    entry.generation += 1
    if (entry.timer) deps.clock.clearTimeout(entry.timer)
    entry.timer = undefined
    const instance = entry.instance
    entry.instance = undefined
    await instance?.close()
  }

  return {
    /** Starts a service under supervision (synchronously; a throwing start counts as a failure). */
    supervise: ((name: string, factory: ServiceFactory) => {
      const entry = newEntry(name, factory)
      entries.push(entry)
      launch(entry)
      return {
        close: async () => {
          const index = entries.indexOf(entry)
          if (index >= 0) entries.splice(index, 1)
          await stop(entry)
        },
      }
    }) satisfies Supervise,
    health: (): ServiceHealth[] => entries.map((entry) => healthOf(entry, closed, deps.clock.now())),
    /** Stops every service in reverse order of supervision, cancelling pending restarts. */
    async close(): Promise<void> {
      closed = true
      for (const entry of [...entries].reverse()) await stop(entry)
    },
  }
}

export type Supervisor = ReturnType<typeof createSupervisor>
