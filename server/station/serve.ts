import type { EventBus } from '../event-bus.js'
import { createHttpApp } from '../http/app.js'
import { listen } from '../http/listen.js'
import { createUpgradeChecks } from '../http/upgrade-checks.js'
import { createMetricsModule } from '../metrics/module.js'
import { createOpenApiModule } from '../openapi/module.js'
import type { StationModule } from '../module.js'
import { builtRendererDir } from '../package-info.js'
import { createStreamModule } from '../stream/module.js'
import { stationApi } from './api-description.js'
import type { Core, Features } from './build-modules.js'
import { createStationHealth } from './health.js'
import { createListener } from './listener.js'
import type { OwnedResources, StationContext } from './context.js'
import { closeServer, localUrlHost, streamOrigins } from './web-server.js'

/**
 * The served side (docs/architecture.md "Composition root"): the HTTPS server from the tls module, the
 * stream on its upgrades, the metrics, one express app with every module's routes, then listening.
 */
export async function serveModules(
  context: StationContext,
  core: Core,
  features: Features,
  owned: OwnedResources,
  bus: EventBus,
): Promise<{ url: string; port: number }> {
  const { config, log, clock, version } = context
  const { auth, tls, supervisor } = core
  const run = features.simulation?.service
  const acquisition = features.instruments.acquisition
  const { server, connections } = createListener(context, core)
  owned.add({ name: 'https server', close: () => closeServer(server) })
  const stream = owned.add(
    createStreamModule({
      ...{ server, config: config.telemetry.stream, log, version, bus, checks: createUpgradeChecks(auth) },
      source: config.source,
      allowedOrigins: streamOrigins(server, config.host, config.security.allowedHosts),
      onRevoked: auth.onRevoked,
    }),
  )
  const metrics = owned.add(
    createMetricsModule({
      guard: auth.guard,
      sources: {
        ...{ source: config.source, latest: run?.latest ?? acquisition.latest, stream: stream.stats },
        ...(run ? { simulation: run.status, runMetrics: run.metrics } : {}),
        instruments: () => features.instruments.status().devices,
        control: features.control.status,
        ...{ recording: features.recorder.recording, certificate: tls.certificateMetrics },
        ...{ services: supervisor.health, now: clock.now },
        ...{ connections: connections.stats, database: core.database.stats },
        ...{ identity: config.station, publish: features.publish.publishStats },
      },
    }),
  )
  const openApi = owned.add(createOpenApiModule({ descriptions: stationApi, version, guard: auth.guard }))
  const modules: StationModule[] = [core.database, auth, tls, ...Object.values(features), stream, metrics, openApi]
  const sources = [{ health: supervisor.health }, { health: connections.health }, ...modules]
  const health = createStationHealth({ version, clock, sources })
  const app = createHttpApp({
    ...{ log, access: auth, rateLimit: config.security.rateLimit, clock: core.authClock },
    rendererDir: context.deps.rendererDir ?? builtRendererDir(),
    mounts: modules.flatMap((module) => module.routes ?? []),
    ...{ observe: metrics.observeHttp, components: health.components, health: health.summary },
    storage: { refusingWrites: core.database.refusingWrites, failed: core.database.writes.failed },
    maxBodyBytes: config.http.maxBodyKb * 1024,
  })
  server.on('request', app)
  const port = await listen(server, config.port, config.host)
  return { url: `https://${localUrlHost(config.host)}:${port}`, port }
}
