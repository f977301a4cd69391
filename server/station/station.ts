export type { RunningStation, StationDeps } from './context.js'
import { join } from 'node:path'
import { systemClock } from '../clock.js'
import type { StationConfig } from '../config/schema.js'
import { createEventBus } from '../event-bus.js'
import { packageVersion } from '../package-info.js'
import { compileChannelMap } from '../instruments/module.js'
import { loadScenarioEngine } from '../simulation/module.js'
import { checkPhRules } from '../control/ph-check.js'
import { buildCore, buildFeatures } from './build-modules.js'
import type { RunningStation, StationContext, StationDeps } from './context.js'
import { lockDataDir, prepareDataDir } from './data-dir.js'
import { createOwnedResources } from './owned.js'
import { serveModules } from './serve.js'

/**
 * Composition root of the station core (docs/architecture.md "Composition root"): validates operator
 * input, claims the data dir, builds the modules in order (core, features, the served ones), and closes
 * everything in reverse, also when a step fails half way.
 */
export async function startStation(config: StationConfig, deps: StationDeps): Promise<RunningStation> {
  const { log } = deps
  const clock = deps.clock ?? systemClock
  const print = deps.print ?? ((line: string) => process.stderr.write(`${line}\n`))
  // Operator input first: a bad scenario is refused before anything is created or changed.
  const engine = await loadScenarioEngine(config.sim, clock, config.control.reversalLimit)
  const channelMap = compileChannelMap(config.instruments)
  checkPhRules(config.control.interlocks, config)
  for (const warning of (await prepareDataDir(config.dataDir)).warnings) {
    print(warning)
    log.warn(warning)
  }
  const context: StationContext = { config, deps, log, clock, print, version: packageVersion() }
  const owned = createOwnedResources(log)
  const lock = await lockDataDir(config.dataDir)
  owned.add({ name: 'data dir lock', close: lock.release })
  try {
    const bus = createEventBus(log)
    const core = await buildCore(context, owned, bus)
    const features = buildFeatures(context, core, owned, bus, { engine, channelMap })
    const { url, port } = await serveModules(context, core, features, owned, bus)
    await lock.announce(url)
    log.info(`station ${context.version} listening on ${url} (data in ${config.dataDir})`)
    return {
      ...{ url, port, version: context.version, dataDir: config.dataDir, logsDir: join(config.dataDir, 'logs') },
      // Getters: the certificate changes under a running station (renewal, import).
      get fingerprint() {
        return core.tls.current().fingerprint256
      },
      get certificatePem() {
        return core.tls.current().certPem
      },
      localSession: () => core.auth.localSession(),
      setupRequired: () => core.auth.status().setupPending,
      firstUser: () => core.auth.firstUser(),
      onEvent: (listener) => bus.subscribe('event', 'in-process listener', (message) => listener(message.event)),
      simulation: features.simulation?.service ?? features.instruments.acquisition,
      close: owned.close,
    }
  } catch (error) {
    await owned.close()
    throw error
  }
}
