import { createAlarms, type AlarmEvent } from './alarms.js'
import { applyInputs, buildStack, configuredActuators } from './build.js'
import { createController, type ControllerConfig } from './control/controller-config.js'
import type { Controller } from './control/controller.js'
import { createReversalGuard, type ReversalFloors, type ReversalLimit } from './control/reversal-guard.js'
import { createFaultBook } from './faults.js'
import type { Random } from './random.js'
import type { RunConfig } from './run-config.js'
import type { Fault } from './run-config-parts.js'
import { createRunMetrics, type RunMetrics } from './run-metrics.js'
import { createRunSensors } from './run-sensors.js'
import { activeFaultSnapshots, takeSnapshot, type ActiveFaultSnapshot, type RunSnapshot } from './run-snapshot.js'
import { advanceRun, type RunParts, type RunState } from './run-timeline.js'
import { createStackInputs } from './stack-types.js'
import { maximumPowerWork, polarizationSweepWork } from './sweep.js'
import type { PolarizationSweep, SweepOptions } from './sweep-points.js'
import { finish, unlimitedBudget, type Work, type WorkBudget } from './work.js'

/** The parts of a fresh run of `config`: its stack, inputs, actuators, faults, alarms, metrics and sensors. */
function buildRunParts(config: RunConfig, random: Random): RunParts {
  const cells = config.stack.cells
  const stack = buildStack(config, random)
  const sharedLoad = stack.spec.wiring.sharedLoad
  return {
    cells,
    sharedLoad,
    stack,
    inputs: createStackInputs(cells),
    actuators: configuredActuators(config),
    faults: createFaultBook(config.faults),
    alarms: createAlarms(cells),
    metrics: createRunMetrics(config.metrics.warmupS),
    sensors: createRunSensors(config, cells, sharedLoad, random),
  }
}

/**
 * Takes over the live parts of a new config (same stack): feed, load and targets. Actuators move to
 * the new configured values only where the config changed them, so a controller's work is kept.
 */
function reconfigure(parts: RunParts, state: RunState, next: RunConfig): void {
  const { actuators } = parts
  const before = configuredActuators(state.config)
  const after = configuredActuators(next)
  if (after.loadOhm !== before.loadOhm) actuators.loadOhm = after.loadOhm
  if (JSON.stringify(after.cellLoadOhm) !== JSON.stringify(before.cellLoadOhm))
    actuators.cellLoadOhm = after.cellLoadOhm
  if (after.feedLPerDay !== before.feedLPerDay) actuators.feedLPerDay = after.feedLPerDay
  if (after.dosingMgPerDay !== before.dosingMgPerDay) actuators.dosingMgPerDay = after.dosingMgPerDay
  state.config = next
}

/**
 * One run of the model in simulated time: stack, sensors, faults, controller, alarms and metrics.
 * It knows nothing of wall time (the engine's pacing decides how far to advance) and draws all
 * randomness from `random`, forked per purpose. With a reversal limit every controller's load writes are
 * held above the reversal floor (docs/control.md "Reversal limit").
 */
export function createRun(initialConfig: RunConfig, random: Random, reversalLimit?: ReversalLimit) {
  const parts = buildRunParts(initialConfig, random)
  const reversal = reversalLimit ? createReversalGuard(reversalLimit) : undefined
  const guarded = (controller: Controller): Controller => (reversal ? reversal.guard(controller) : controller)
  const state: RunState = {
    config: initialConfig,
    controller: guarded(createController(initialConfig.controller)),
    timeS: 0,
    requestedS: 0,
    nextSampleS: 0,
    nextControlS: 0,
    nextOptimumS: initialConfig.metrics.optimumPeriodS > 0 ? initialConfig.metrics.warmupS : Infinity,
    optimumPowerW: null,
    pendingOptimum: undefined,
  }
  const { stack, inputs, actuators, faults } = parts
  const applyNow = () => applyInputs(state.config, actuators, faults.activeFaults(), state.timeS, inputs)
  return {
    /** Simulated time of the state: the end of the last step. */
    get timeS() {
      return state.timeS
    },
    /** Simulated time requested so far; the state catches up at the next step end. */
    get requestedS() {
      return state.requestedS
    },
    get config() {
      return state.config
    },
    stack,
    /**
     * Requests `simSeconds` more simulated time (see advanceRun for the step grid and the carry); with
     * a budget, stops at a step end once it is spent and drops the time it did not reach.
     */
    advance(simSeconds: number, budget: WorkBudget = unlimitedBudget): void {
      advanceRun(parts, state, simSeconds, budget)
    },
    snapshot: (): RunSnapshot => takeSnapshot(parts, state),
    controllerKind: (): Controller['kind'] => state.controller.kind,
    activeFaults: (): ActiveFaultSnapshot[] => activeFaultSnapshots(parts),
    metrics: (): RunMetrics => parts.metrics.result(),
    alarmEvents: (): readonly AlarmEvent[] => parts.alarms.events(),
    /** The reversal floors learnt so far; undefined without a reversal limit. */
    reversalFloors: (): ReversalFloors | undefined => reversal?.floors(),
    /** Swaps the controller between two decisions; the next decision is due at once. */
    setController(next: ControllerConfig | Controller): void {
      state.controller = guarded('decide' in next ? next : createController(next))
      state.nextControlS = state.timeS
    },
    reconfigure: (next: RunConfig): void => reconfigure(parts, state, next),
    injectFault: (fault: Fault): number => faults.inject(fault, state.timeS),
    clearFault: (id: number): boolean => faults.clear(id),
    faultCount: (): number => faults.count(),
    /** The most power the stack could deliver now by choosing its load(s): the tracking metric's optimum. */
    optimum(): number {
      applyNow()
      return finish(maximumPowerWork(stack, inputs))
    },
    /**
     * Steady-state polarization of the stack as it is now (biofilm held), without disturbing the run:
     * work on a copy taken now, to be done at once (finish) or in slices (proceed).
     */
    sweepWork(options: SweepOptions): Work<PolarizationSweep> {
      applyNow()
      return polarizationSweepWork(stack, { ...inputs, loadOhm: actuators.loadOhm }, options)
    },
  }
}

export type Run = ReturnType<typeof createRun>
