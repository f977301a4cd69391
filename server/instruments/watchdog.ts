import type { Clock, TimerHandle } from '../clock.js'
import type { WatchdogConfig } from '../config/watchdog-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import { messageOf } from './errors.js'
import type { DeviceDefinition } from './protocols.js'

export type WatchdogDeps = {
  devices: readonly DeviceDefinition[]
  write(device: string, address: string, raw: number): Promise<void>
  clock: Clock
  /** The first failed heartbeat of a streak, and the first written one after it. */
  onChange(device: string, failing: boolean, message: string): void
}

/** The heartbeat's next value: a counter, 0/1 in turn, or always the configured value. */
function nextValue(config: WatchdogConfig, beat: number): number {
  if (config.mode === 'value') return config.value
  return config.mode === 'toggle' ? beat % 2 : beat % config.modulo
}

type Heartbeat = {
  device: string
  config: WatchdogConfig
  beats: number
  failures: number
  failing: boolean
  lastError: string | null
  okSinceMs: number
  inFlight: boolean
  timer: TimerHandle | undefined
}

/**
 * The devices' watchdog registers (docs/control.md "Device watchdog"): every periodMs a heartbeat is written
 * through the device's link, so a device that watches it falls back to its own safe state when the station
 * dies (the complement of the safe state written on stop). A write still in flight skips a beat instead of
 * queueing; a failed one degrades health and is announced once per streak.
 */
export function createWatchdogs(deps: WatchdogDeps) {
  const { clock } = deps
  const beats: Heartbeat[] = []
  for (const { config } of deps.devices)
    if (config.watchdog)
      beats.push({
        ...{ device: config.id, config: config.watchdog, beats: 0, failures: 0, failing: false, lastError: null },
        ...{ okSinceMs: clock.now(), inFlight: false, timer: undefined },
      })
  const settle = (beat: Heartbeat, error: unknown) => {
    beat.inFlight = false
    if (error === undefined) {
      beat.beats += 1
      if (!beat.failing) return
      beat.failing = false
      beat.okSinceMs = clock.now()
      deps.onChange(beat.device, false, 'watchdog heartbeat written again')
      return
    }
    beat.failures += 1
    beat.lastError = messageOf(error)
    if (!beat.failing) deps.onChange(beat.device, true, `watchdog heartbeat not written: ${beat.lastError}`)
    beat.failing = true
  }
  const write = (beat: Heartbeat) => {
    if (beat.inFlight) return
    beat.inFlight = true
    deps.write(beat.device, beat.config.address, nextValue(beat.config, beat.beats)).then(
      () => settle(beat, undefined),
      (error: unknown) => settle(beat, error ?? new Error('write failed')),
    )
  }
  return {
    start(): void {
      for (const beat of beats) {
        write(beat)
        beat.timer = clock.setInterval(() => write(beat), beat.config.periodMs)
      }
    },
    health: (): ComponentHealth[] =>
      beats.map((beat) => ({
        name: `watchdog ${beat.device}`,
        state: beat.failing ? 'restarting' : 'up',
        up: !beat.failing,
        uptimeSeconds: beat.failing ? 0 : Math.round((clock.now() - beat.okSinceMs) / 1000),
        restarts: beat.failures,
        lastError: beat.lastError,
      })),
    /** Stops the heartbeats: the devices then time out into their own safe state, as after a crash. */
    close(): void {
      for (const beat of beats) if (beat.timer) clock.clearInterval(beat.timer)
    },
  }
}
