import type { Alarms } from './alarms.js'
import { applyInputs, nextInfluentChangeS } from './build.js'
import type { Actuators, Controller, Observation } from './control/controller.js'
import type { FaultBook } from './faults.js'
import { SECONDS_PER_DAY } from './parameters.js'
import type { RunConfig } from './run-config.js'
import type { RunMetricsAccumulator } from './run-metrics.js'
import type { RunSensors } from './run-sensors.js'
import type { Stack, StackInputs } from './stack-types.js'
import { maximumPowerWork } from './sweep.js'
import { proceed, type Work, type WorkBudget } from './work.js'

/*
 * A run in simulated time (docs/simulation.md "The step grid"): what happens at an instant (faults,
 * sensors, controller, optimum), where the next step ends, and what a finished step adds to the alarms
 * and metrics. Functions over the run's parts and state, which run.ts owns.
 */

/** What a run is made of; built once from the config's structure (the stack does not change within a run). */
export type RunParts = {
  cells: number
  sharedLoad: boolean
  stack: Stack
  inputs: StackInputs
  actuators: Actuators
  faults: FaultBook
  alarms: Alarms
  metrics: RunMetricsAccumulator
  sensors: RunSensors
}

/** What moves: the config (its live parts change), the controller, and where the run stands in simulated time. */
export type RunState = {
  config: RunConfig
  controller: Controller
  /** The end of the last step. */
  timeS: number
  /** Simulated time requested so far; timeS trails it by less than one step. */
  requestedS: number
  nextSampleS: number
  nextControlS: number
  nextOptimumS: number
  optimumPowerW: number | null
  /** The tracking optimum being computed: the next step waits for it (its work is done in slices). */
  pendingOptimum: Work<number> | undefined
}

/** Instants come from additions (sample after sample, period after period), so "now" allows a microsecond of rounding. */
export const INSTANT_TOLERANCE_S = 1e-6

/** Whether an instant is due at `timeS` (within rounding). */
const isDue = (timeS: number, instantS: number): boolean => timeS >= instantS - INSTANT_TOLERANCE_S

/** The end of the step starting at `timeS` on the grid of multiples of `stepS` (a grid point within rounding counts as reached). */
function nextGridS(timeS: number, stepS: number): number {
  const k = Math.ceil(timeS / stepS)
  return k * stepS - timeS > INSTANT_TOLERANCE_S ? k * stepS : (k + 1) * stepS
}

/** The harvested power of `view`: load V x I with a shared load, the cells' sum on their own loads. */
export function harvestedPowerW(parts: RunParts, view: Stack = parts.stack): number {
  if (parts.sharedLoad) return view.outputs.loadVoltageV * view.outputs.loadCurrentA
  let total = 0
  for (let i = 0; i < parts.cells; i += 1)
    total += (view.outputs.cellVoltageV[i] as number) * (view.outputs.cellCurrentA[i] as number)
  return total
}

/** The controller decides from what the instruments read; its changes move the actuators. */
function control(parts: RunParts, state: RunState): void {
  const { sensors, inputs, actuators } = parts
  const observation: Observation = {
    timeS: state.timeS,
    substrateMgL: sensors.readings.substrate,
    cellVoltageV: sensors.readings.cellVoltage,
    powerW: sensors.measuredPowerW(inputs),
    cellPowerW: sensors.measuredCellPower(inputs),
    actuators,
    substrateTargetMgL: state.config.targets.substrateMgL,
  }
  const change = state.controller.decide(observation)
  if (change.loadOhm !== undefined) actuators.loadOhm = change.loadOhm
  if (change.cellLoadOhm !== undefined) actuators.cellLoadOhm = [...change.cellLoadOhm]
  if (change.feedLPerDay !== undefined) actuators.feedLPerDay = change.feedLPerDay
  if (change.dosingMgPerDay !== undefined) actuators.dosingMgPerDay = change.dosingMgPerDay
}

/** Everything that happens at an instant, in a fixed order: faults, sensors, controller, optimum. */
function atInstant(parts: RunParts, state: RunState): void {
  const { stack, inputs, actuators, faults } = parts
  const { config, timeS } = state
  for (const fault of faults.update(timeS)) {
    if (fault.kind !== 'biofilm-loss') continue
    for (let i = 0; i < parts.cells; i += 1)
      if (fault.cell === undefined || fault.cell === i)
        stack.anodophilicMgL[i] = (stack.anodophilicMgL[i] as number) * (1 - fault.fraction)
  }
  applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
  if (isDue(timeS, state.nextSampleS)) {
    parts.sensors.sample(stack, inputs, faults, timeS)
    while (isDue(timeS, state.nextSampleS)) state.nextSampleS += config.sensors.samplePeriodS
  }
  if (isDue(timeS, state.nextControlS)) {
    control(parts, state)
    applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
    state.nextControlS = timeS + state.controller.periodS
  }
  if (isDue(timeS, state.nextOptimumS)) {
    state.pendingOptimum = maximumPowerWork(stack, inputs)
    state.nextOptimumS = timeS + config.metrics.optimumPeriodS
  }
}

/** Where the step from the state's time ends: the next grid point, or an instant before it. */
function stepEndS(parts: RunParts, state: RunState): number {
  const { config, timeS } = state
  return Math.min(
    nextGridS(timeS, config.stepS),
    timeS < config.durationS ? config.durationS : Infinity,
    state.nextSampleS,
    state.nextControlS,
    state.nextOptimumS,
    parts.faults.nextEdgeS(timeS),
    nextInfluentChangeS(config, timeS),
  )
}

/** A finished step of `dtS`: alarms, and the step's stack totals into the metrics. */
function recordStep(parts: RunParts, state: RunState, dtS: number): void {
  const { stack, cells: n } = parts
  parts.alarms.update(state.timeS, stack.outputs.cellVoltageV, stack.substrateMgL)
  let substrate = 0
  let anodeCurrent = 0
  let consumed = 0
  let methane = 0
  stack.spec.parameters.forEach((p, i) => {
    substrate += (stack.substrateMgL[i] as number) / n
    anodeCurrent += stack.outputs.cellCurrentA[i] as number
    consumed += (stack.outputs.uptakeMgLPerDay[i] as number) * p.anodeVolumeL
    methane += p.yCh4MlPerMgS * (stack.outputs.methanogenicUptakeMgLPerDay[i] as number) * p.anodeVolumeL
  })
  parts.metrics.add(state.timeS, dtS, {
    powerW: harvestedPowerW(parts),
    substrateMgL: substrate,
    targetMgL: state.config.targets.substrateMgL,
    anodeCurrentA: anodeCurrent,
    consumedMgPerDay: consumed,
    methaneMlPerDay: methane,
    optimumPowerW: state.optimumPowerW,
  })
}

/** Works on a pending optimum within `budget`; false while it is not done (the step waits for it). */
function optimumReady(state: RunState, budget: WorkBudget): boolean {
  if (!state.pendingOptimum) return true
  const progress = proceed(state.pendingOptimum, budget)
  if (!progress.done) return false
  state.optimumPowerW = progress.value
  state.pendingOptimum = undefined
  return true
}

/**
 * Requests `simSeconds` more simulated time. Steps end on a fixed grid, the multiples of the run's
 * step size, and exactly on sample, control, fault, schedule and end-of-run instants in between,
 * never where a call happens to end: the time up to the next step end is carried to the next call
 * (timeS trails requestedS by less than one step). So the same seed gives the same bytes whatever
 * the call pattern: the station's real-time clock, frame by frame, or one headless call.
 *
 * `budget` is asked after every step but the first (and during a tracking optimum): once it is spent
 * the call returns, and the requested time it did not reach is dropped rather than owed, so a slow
 * configuration runs slower than asked instead of piling up work (docs/architecture-sim.md "Work
 * budget"). Only where the run stands on the wall clock changes, never the trajectory.
 */
export function advanceRun(parts: RunParts, state: RunState, simSeconds: number, budget: WorkBudget): void {
  const requestedBefore = state.requestedS
  const stopHere = () => void (state.requestedS = Math.max(state.timeS, requestedBefore))
  state.requestedS += simSeconds
  let stepped = false
  // An instant's events happen once time is requested beyond it (as for a step that starts there);
  // they are idempotent at one instant, so a step carried to the next call does not repeat them.
  while (state.requestedS - state.timeS > INSTANT_TOLERANCE_S) {
    if (stepped && budget.spent()) return stopHere()
    atInstant(parts, state)
    if (!optimumReady(state, budget)) return stopHere()
    const endS = stepEndS(parts, state)
    if (endS > state.requestedS + INSTANT_TOLERANCE_S) return
    const h = endS - state.timeS
    parts.stack.step(h / SECONDS_PER_DAY, parts.inputs)
    state.timeS = endS
    recordStep(parts, state, h)
    stepped = true
  }
}
