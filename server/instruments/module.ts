import type { AccessGuard } from '../auth/access-guard.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { InstrumentsConfig } from '../config/instruments-schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { DeviceStatus, IngestRequest, IngestResponse, InstrumentsStatus } from '../contract/instruments.js'
import type { TelemetrySource } from '../contract/stream.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { Db } from '../store/database.js'
import { createAcquisition, type Acquisition } from './acquisition.js'
import { createActuation, type Actuation } from './actuation.js'
import type { ChannelMap } from './channel-map.js'
import { createDevices } from './devices.js'
import { mountOf } from '../auth/route-description.js'
import { createIngestRouter, ingestApi } from './ingest-routes.js'
import { channelStatuses } from './channel-status.js'
import { createInstrumentsRouter, instrumentsApi } from './routes.js'
import { createSampleStore } from './sample-store.js'
import { createWatchdogs, type WatchdogDeps } from './watchdog.js'

export { instrumentMigrations } from './sample-store.js'
export { compileChannelMap } from './channel-map.js'

export type InstrumentsModuleDeps = {
  config: InstrumentsConfig
  /** Compiled before the station creates anything (compileChannelMap), so a bad map changes nothing. */
  map: ChannelMap
  /** With `hardware` the module records runs; with `simulation` its devices are connected and shown only. */
  source: TelemetrySource
  db: Db
  secrets: Pick<SecretStore, 'get'>
  bus: EventBus
  clock: Clock
  log: Logger
  guard: AccessGuard
  /** Days pushed samples are kept (telemetry.retentionDays; 0 keeps them). */
  retentionDays: number
}

export type InstrumentsModule = StationModule & {
  acquisition: Acquisition
  /** Writes to actuators and their read-back (docs/control.md): the port the control module drives. */
  actuation: Actuation
  status(): InstrumentsStatus
}

const PRUNE_INTERVAL_MS = 3_600_000

/** A device's link in health: an offline device degrades the station, it never stops it. */
function linkHealth(device: DeviceStatus, clock: Clock): ComponentHealth {
  const up = device.state === 'online'
  return {
    name: `instrument ${device.id}`,
    state: up ? 'up' : 'restarting',
    up,
    uptimeSeconds: up ? Math.round((clock.now() - (device.onlineSinceMs ?? clock.now())) / 1000) : 0,
    restarts: device.reconnects,
    lastError: up ? null : device.lastError,
  }
}

/** The devices' heartbeats (docs/control.md "Device watchdog"): a failed one is the device's alarm, an `instrument` error event. */
function deviceWatchdogs(deps: InstrumentsModuleDeps, write: WatchdogDeps['write']) {
  const { clock, bus, log } = deps
  return createWatchdogs({
    ...{ devices: deps.map.devices, write, clock },
    onChange: (device, failing, message) => {
      if (!failing) return log.info(`instrument ${device}: ${message}`)
      log.warn(`instrument ${device}: ${message}`)
      bus.publish('event', {
        type: 'event',
        wallTimeMs: clock.now(),
        event: { kind: 'instrument', device, status: 'error', message },
      })
    },
  })
}

/**
 * Instruments (docs/instruments.md): a link per configured device, the channel map, HTTP push ingest
 * and, when the station's source is `hardware`, the acquisition that publishes `hardware` frames on
 * the bus. Device trouble degrades health (never stops the station) and is announced as events.
 */
export function createInstrumentsModule(deps: InstrumentsModuleDeps): InstrumentsModule {
  const { map, clock, bus } = deps
  const devices = createDevices({
    ...{ map, clock, log: deps.log, secrets: deps.secrets },
    onEvent: ({ device, status, message }) => {
      if (status !== 'error') deps.log.info(`instrument ${device} ${status}: ${message}`)
      bus.publish('event', {
        type: 'event',
        wallTimeMs: clock.now(),
        event: { kind: 'instrument', device, status, message },
      })
    },
  })
  const samples = createSampleStore(deps.db)
  const watchdogs = deviceWatchdogs(deps, devices.write)
  const actuation = createActuation({ actuators: map.actuators, write: devices.write, readingOf: devices.readingOf })
  const acquisition = createAcquisition({
    ...{ map, readingOf: devices.readingOf, bus, clock, frameMs: deps.config.frameMs, runName: deps.config.runName },
    ...{ runConfig: deps.config, actuators: actuation, controller: deps.config.controller.kind },
  })
  const releaseController = bus.subscribe('event', 'instruments', ({ event }) => {
    if (event.kind === 'controller') acquisition.setController(event.controller)
  })
  const ingest = (request: IngestRequest): IngestResponse | undefined => {
    if (!devices.isIngestDevice(request.device)) return undefined
    const batch = request.samples.map((sample) => ({ channel: sample.channel, t: sample.t, value: sample.value }))
    const accepted = samples.write(request.device, batch)
    devices.push(
      request.device,
      batch.map(({ channel, t, value }) => ({ address: channel, raw: value, atMs: t })),
    )
    return { accepted, duplicates: batch.length - accepted }
  }
  let prune: TimerHandle | undefined
  if (deps.retentionDays > 0)
    prune = clock.setInterval(() => samples.prune(clock.now() - deps.retentionDays * 86_400_000), PRUNE_INTERVAL_MS)
  devices.start()
  watchdogs.start()
  if (deps.source === 'hardware') acquisition.start()
  const status = (): InstrumentsStatus => ({
    source: deps.source,
    run: deps.source === 'hardware' ? acquisition.run() : null,
    devices: devices.list().map((link) => link.status()),
    channels: channelStatuses(map, devices.readingOf),
  })
  return {
    name: 'instruments',
    acquisition,
    actuation,
    status,
    routes: [
      mountOf(
        instrumentsApi,
        createInstrumentsRouter({ instruments: { status, readNow: devices.readNow }, guard: deps.guard }),
      ),
      mountOf(ingestApi, createIngestRouter({ ingest, guard: deps.guard })),
    ],
    // An offline device degrades the station (health "degraded"); it never stops it.
    health: (): ComponentHealth[] => [
      ...devices.list().map((link) => linkHealth(link.status(), clock)),
      ...watchdogs.health(),
    ],
    async close() {
      if (prune) clock.clearInterval(prune)
      releaseController()
      watchdogs.close()
      acquisition.stop()
      acquisition.close()
      await devices.close()
    },
  }
}
