import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { mountOf } from '../auth/route-description.js'
import type { Clock } from '../clock.js'
import { ConfigError } from '../config/load.js'
import type { StationConfig } from '../config/schema.js'
import type { EventBus } from '../event-bus.js'
import type { StationModule, Supervise } from '../module.js'
import { RunConfigError } from '../sim/run-config.js'
import { createSimulationEngine, type SimulationEngine } from '../sim/engine.js'
import { createCompatRouters } from './compat-routes.js'
import { createSimulationRouter, simulationApi } from './routes.js'
import { defaultScenarioPath, readScenario } from './scenario.js'
import { createSimulationService, type SimulationService } from './service.js'

export type SimulationModuleDeps = {
  config: StationConfig['sim']
  /** Built first by loadScenarioEngine: operator input is refused before anything is created. */
  engine: SimulationEngine
  clock: Clock
  bus: EventBus
  guard: AccessGuard
  supervise: Supervise
  /** Control actions are audited with who did them (docs/control.md "Audit"). */
  audit: Pick<AuditLog, 'record'>
}

export type SimulationModule = StationModule & { service: SimulationService }

/**
 * The scenario file, validated by the engine: a bad one is a ConfigError naming the file and field. The
 * station's reversal limit holds the simulation's controllers too (docs/control.md "Reversal limit").
 */
export async function loadScenarioEngine(
  config: StationConfig['sim'],
  clock: Clock,
  reversalLimit: StationConfig['control']['reversalLimit'],
) {
  const path = config.scenario ?? defaultScenarioPath()
  const scenario = await readScenario(path)
  try {
    return createSimulationEngine(scenario, {
      ...{ now: clock.now, speed: config.speed, outputHz: config.tickHz },
      ...(reversalLimit.enabled ? { reversalLimit } : {}),
    })
  } catch (error) {
    if (error instanceof RunConfigError) throw new ConfigError(`sim.scenario ${path}: ${error.message}`)
    throw error
  }
}

/**
 * The running simulation (docs/simulation.md): the engine on the station's clock, its frames and events on
 * the bus, its routes under /api/v1/simulation and the reference API's aliases at the root. The timer is
 * supervised: a tick that throws stops it, and it restarts with backoff.
 */
export function createSimulationModule(deps: SimulationModuleDeps): SimulationModule {
  const { engine } = deps
  const service = createSimulationService({ engine, bus: deps.bus, clock: deps.clock })
  if (deps.config.autoStart) service.start()
  const timer = deps.supervise('simulation', (fail) => {
    service.startTimer(fail)
    return { close: () => service.close() }
  })
  return {
    name: 'simulation',
    service,
    routes: [
      mountOf(simulationApi, createSimulationRouter({ simulation: service, guard: deps.guard, audit: deps.audit })),
      ...createCompatRouters({ simulation: service, guard: deps.guard, audit: deps.audit }),
    ],
    close: () => timer.close(),
  }
}
