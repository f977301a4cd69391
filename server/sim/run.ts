import { createAlarms, type AlarmEvent, type CellAlarm } from './alarms.js'
import { applyInputs, buildStack, configuredActuators, influentAt, nextInfluentChangeS } from './build.js'
import type { Fault, RunConfig } from './run-config.js'
import { createController, type ControllerConfig } from './control/controller-config.js'
import type { Actuators, Controller, Observation } from './control/controller.js'
import { createFaultBook } from './faults.js'
import { createRunMetrics, type RunMetrics } from './run-metrics.js'
import { SECONDS_PER_DAY } from './parameters.js'
import type { Random } from './random.js'
import { createSensor, sensorFaultState, type Sensor } from './sensors.js'
import { createStackInputs, type Stack } from './stack-types.js'
import { maximumPowerW, polarizationSweep, type PolarizationSweep, type SweepOptions } from './sweep.js'

/** Per-cell state and outputs at one instant. powerW is negative for a reversed cell (it absorbs power). */
export type CellSnapshot = {
  voltageV: number
  currentA: number
  powerW: number
  substrateMgL: number
  anodophilicMgL: number
  methanogenicMgL: number
  /** M_ox / M_total. */
  oxidisedMediatorFraction: number
  openCircuitV: number
  internalOhm: number
  /** E_OCV minus the cell's EMF: the anode's concentration and mediator losses (V). */
  anodeLossV: number
  measuredVoltageV: number | null
  measuredSubstrateMgL: number | null
  alarms: CellAlarm[]
}

export type StackSnapshot = {
  /** Load voltage and current (shared load), or cell totals with independent loads. */
  voltageV: number
  currentA: number
  powerW: number
  loadConnected: boolean
  actuators: Actuators
  influentMgL: number
  temperatureK: number
  measured: { voltageV: number | null; currentA: number | null; powerW: number | null; temperatureK: number | null }
}

export type RunSnapshot = {
  simTimeS: number
  cells: CellSnapshot[]
  stack: StackSnapshot
  controller: Controller['kind']
  activeFaults: Array<{ id: number; startedS: number; endsS: number | null; fault: Fault }>
}

/** Instants come from additions (sample after sample, period after period), so "now" allows a microsecond of rounding. */
const INSTANT_TOLERANCE_S = 1e-6

/** The end of the step starting at `timeS` on the grid of multiples of `stepS` (a grid point within rounding counts as reached). */
function nextGridS(timeS: number, stepS: number): number {
  const k = Math.ceil(timeS / stepS)
  return k * stepS - timeS > INSTANT_TOLERANCE_S ? k * stepS : (k + 1) * stepS
}

/**
 * One run of the model in simulated time: stack, sensors, faults, controller, alarms and metrics.
 * It knows nothing of wall time (the engine's clock decides how far to advance) and draws all
 * randomness from `random`, forked per purpose.
 */
export function createRun(initialConfig: RunConfig, random: Random) {
  let config = initialConfig
  const n = config.stack.cells
  const stack = buildStack(config, random)
  const inputs = createStackInputs(n)
  const actuators = configuredActuators(config)
  const faults = createFaultBook(config.faults)
  const alarms = createAlarms(n)
  const metrics = createRunMetrics(config.metrics.warmupS)
  const sensorRandom = random.fork('sensors')
  const perCell = (spec: RunConfig['sensors']['voltage'], label: string) =>
    Array.from({ length: n }, (_, i) => createSensor(spec, sensorRandom.fork(`${label}-${i}`)))
  const sensors = {
    cellVoltage: perCell(config.sensors.voltage, 'voltage'),
    substrate: perCell(config.sensors.substrate, 'substrate'),
    loadVoltage: createSensor(config.sensors.voltage, sensorRandom.fork('load-voltage')),
    loadCurrent: createSensor(config.sensors.current, sensorRandom.fork('load-current')),
    temperature: createSensor(config.sensors.temperature, sensorRandom.fork('temperature')),
  }
  const readings = {
    cellVoltage: new Array<number | null>(n).fill(null),
    substrate: new Array<number | null>(n).fill(null),
    loadVoltage: null as number | null,
    loadCurrent: null as number | null,
    temperature: null as number | null,
  }
  let controller = createController(config.controller)
  let timeS = 0
  let requestedS = 0
  let nextSampleS = 0
  let nextControlS = 0
  let nextOptimumS = config.metrics.optimumPeriodS > 0 ? config.metrics.warmupS : Infinity
  let optimumPowerW: number | null = null
  const sharedLoad = stack.spec.wiring.sharedLoad

  const harvestedPowerW = (view: Stack = stack): number => {
    if (sharedLoad) return view.outputs.loadVoltageV * view.outputs.loadCurrentA
    let total = 0
    for (let i = 0; i < n; i += 1)
      total += (view.outputs.cellVoltageV[i] as number) * (view.outputs.cellCurrentA[i] as number)
    return total
  }

  const sample = (): void => {
    const active = faults.activeFaults()
    const read = (sensor: Sensor, value: number, channel: Parameters<typeof sensorFaultState>[1], cell?: number) =>
      sensor.read(value, timeS, sensorFaultState(active, channel, cell))
    for (let i = 0; i < n; i += 1) {
      readings.cellVoltage[i] = read(
        sensors.cellVoltage[i] as Sensor,
        stack.outputs.cellVoltageV[i] as number,
        'voltage',
        i,
      )
      readings.substrate[i] = read(sensors.substrate[i] as Sensor, stack.substrateMgL[i] as number, 'substrate', i)
    }
    readings.loadVoltage = read(sensors.loadVoltage, stack.outputs.loadVoltageV, 'voltage')
    readings.loadCurrent = read(sensors.loadCurrent, stack.outputs.loadCurrentA, 'current')
    readings.temperature = read(sensors.temperature, inputs.temperatureK[0] as number, 'temperature')
  }

  const measuredCellPower = (): Array<number | null> =>
    readings.cellVoltage.map((v, i) => (sharedLoad || v === null ? null : (v * v) / (inputs.cellLoadOhm[i] as number)))

  const measuredPowerW = (): number | null => {
    if (!sharedLoad) {
      const cells = measuredCellPower()
      return cells.includes(null) ? null : cells.reduce<number>((sum, p) => sum + (p as number), 0)
    }
    return readings.loadVoltage === null || readings.loadCurrent === null
      ? null
      : readings.loadVoltage * readings.loadCurrent
  }

  const control = (): void => {
    const observation: Observation = {
      timeS,
      substrateMgL: readings.substrate,
      cellVoltageV: readings.cellVoltage,
      powerW: measuredPowerW(),
      cellPowerW: measuredCellPower(),
      actuators,
      substrateTargetMgL: config.targets.substrateMgL,
    }
    const change = controller.decide(observation)
    if (change.loadOhm !== undefined) actuators.loadOhm = change.loadOhm
    if (change.cellLoadOhm !== undefined) actuators.cellLoadOhm = [...change.cellLoadOhm]
    if (change.feedLPerDay !== undefined) actuators.feedLPerDay = change.feedLPerDay
    if (change.dosingMgPerDay !== undefined) actuators.dosingMgPerDay = change.dosingMgPerDay
  }

  const due = (instantS: number): boolean => timeS >= instantS - INSTANT_TOLERANCE_S

  /** Everything that happens at an instant, in a fixed order: faults, sensors, controller, optimum. */
  const atInstant = (): void => {
    for (const fault of faults.update(timeS)) {
      if (fault.kind !== 'biofilm-loss') continue
      for (let i = 0; i < n; i += 1)
        if (fault.cell === undefined || fault.cell === i)
          stack.anodophilicMgL[i] = (stack.anodophilicMgL[i] as number) * (1 - fault.fraction)
    }
    applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
    if (due(nextSampleS)) {
      sample()
      while (due(nextSampleS)) nextSampleS += config.sensors.samplePeriodS
    }
    if (due(nextControlS)) {
      control()
      applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
      nextControlS = timeS + controller.periodS
    }
    if (due(nextOptimumS)) {
      optimumPowerW = maximumPowerW(stack, inputs)
      nextOptimumS = timeS + config.metrics.optimumPeriodS
    }
  }

  const run = {
    /** Simulated time of the state: the end of the last step. */
    get timeS() {
      return timeS
    },
    /** Simulated time requested so far; the state catches up at the next step end. */
    get requestedS() {
      return requestedS
    },
    get config() {
      return config
    },
    stack,
    /**
     * Requests `simSeconds` more simulated time. Steps end on a fixed grid, the multiples of the run's
     * step size, and exactly on sample, control, fault, schedule and end-of-run instants in between,
     * never where a call happens to end: the time up to the next step end is carried to the next call
     * (timeS trails requestedS by less than one step). So the same seed gives the same bytes whatever
     * the call pattern: the station's real-time clock, frame by frame, or one headless call.
     */
    advance(simSeconds: number): void {
      requestedS += simSeconds
      // An instant's events happen once time is requested beyond it (as for a step that starts there);
      // they are idempotent at one instant, so a step carried to the next call does not repeat them.
      while (requestedS - timeS > INSTANT_TOLERANCE_S) {
        atInstant()
        const endS = Math.min(
          nextGridS(timeS, config.stepS),
          timeS < config.durationS ? config.durationS : Infinity,
          nextSampleS,
          nextControlS,
          nextOptimumS,
          faults.nextEdgeS(timeS),
          nextInfluentChangeS(config, timeS),
        )
        if (endS > requestedS + INSTANT_TOLERANCE_S) return
        const h = endS - timeS
        stack.step(h / SECONDS_PER_DAY, inputs)
        timeS = endS
        alarms.update(timeS, stack.outputs.cellVoltageV, stack.substrateMgL)
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
        metrics.add(timeS, h, {
          powerW: harvestedPowerW(),
          substrateMgL: substrate,
          targetMgL: config.targets.substrateMgL,
          anodeCurrentA: anodeCurrent,
          consumedMgPerDay: consumed,
          methaneMlPerDay: methane,
          optimumPowerW,
        })
      }
    },
    /**
     * The run now. Between step ends (timeS < requestedS) the physics is shown at the requested time
     * from a side branch, one partial step of a copy of the stack, so a real-time stream moves smoothly
     * while the run itself stays on its step grid; sensors, alarms and metrics are those of the last
     * step end.
     */
    snapshot(): RunSnapshot {
      const ahead = requestedS - timeS > INSTANT_TOLERANCE_S
      const view = ahead ? stack.clone() : stack
      if (ahead) view.step((requestedS - timeS) / SECONDS_PER_DAY, inputs)
      const cells: CellSnapshot[] = Array.from({ length: n }, (_, i) => {
        const voltageV = view.outputs.cellVoltageV[i] as number
        const currentA = view.outputs.cellCurrentA[i] as number
        const p = view.spec.parameters[i]
        return {
          voltageV,
          currentA,
          powerW: voltageV * currentA,
          substrateMgL: view.substrateMgL[i] as number,
          anodophilicMgL: view.anodophilicMgL[i] as number,
          methanogenicMgL: view.methanogenicMgL[i] as number,
          oxidisedMediatorFraction: (view.oxidisedMediator[i] as number) / (p?.mTotalMgMPerMgX ?? 1),
          openCircuitV: view.outputs.openCircuitV[i] as number,
          internalOhm: view.outputs.internalOhm[i] as number,
          anodeLossV: view.outputs.anodeLossV[i] as number,
          measuredVoltageV: readings.cellVoltage[i] ?? null,
          measuredSubstrateMgL: readings.substrate[i] ?? null,
          alarms: alarms.of(i),
        }
      })
      const powerW = harvestedPowerW(view)
      const currentA = sharedLoad ? view.outputs.loadCurrentA : cells.reduce((sum, c) => sum + c.currentA, 0)
      return {
        simTimeS: ahead ? requestedS : timeS,
        cells,
        stack: {
          voltageV: sharedLoad ? view.outputs.loadVoltageV : currentA > 0 ? powerW / currentA : 0,
          currentA,
          powerW,
          loadConnected: !faults.activeFaults().some((f) => f.kind === 'load-disconnect'),
          actuators: { ...actuators, cellLoadOhm: [...actuators.cellLoadOhm] },
          influentMgL: influentAt(config, timeS),
          temperatureK: inputs.temperatureK[0] as number,
          measured: {
            voltageV: readings.loadVoltage,
            currentA: readings.loadCurrent,
            powerW: measuredPowerW(),
            temperatureK: readings.temperature,
          },
        },
        controller: controller.kind,
        activeFaults: faults.active().map((entry) => ({
          id: entry.id,
          startedS: entry.startedS,
          endsS: Number.isFinite(entry.endsS) ? entry.endsS : null,
          fault: entry.fault,
        })),
      }
    },
    metrics: (): RunMetrics => metrics.result(),
    alarmEvents: (): readonly AlarmEvent[] => alarms.events(),
    /** Swaps the controller between two decisions; the next decision is due at once. */
    setController(next: ControllerConfig | Controller): void {
      controller = 'decide' in next ? next : createController(next)
      nextControlS = timeS
    },
    /**
     * Takes over the live parts of a new config (same stack): feed, load and targets. Actuators move to
     * the new configured values only where the config changed them, so a controller's work is kept.
     */
    reconfigure(next: RunConfig): void {
      const before = configuredActuators(config)
      const after = configuredActuators(next)
      if (after.loadOhm !== before.loadOhm) actuators.loadOhm = after.loadOhm
      if (JSON.stringify(after.cellLoadOhm) !== JSON.stringify(before.cellLoadOhm))
        actuators.cellLoadOhm = after.cellLoadOhm
      if (after.feedLPerDay !== before.feedLPerDay) actuators.feedLPerDay = after.feedLPerDay
      if (after.dosingMgPerDay !== before.dosingMgPerDay) actuators.dosingMgPerDay = after.dosingMgPerDay
      config = next
    },
    injectFault: (fault: Fault): number => faults.inject(fault, timeS),
    clearFault: (id: number): boolean => faults.clear(id),
    /** The most power the stack could deliver now by choosing its load(s): the tracking metric's optimum. */
    optimum(): number {
      applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
      return maximumPowerW(stack, inputs)
    },
    /** Steady-state polarization of the stack as it is now (biofilm held), without disturbing the run. */
    sweep(options: SweepOptions): PolarizationSweep {
      applyInputs(config, actuators, faults.activeFaults(), timeS, inputs)
      return polarizationSweep(stack, { ...inputs, loadOhm: actuators.loadOhm }, options)
    },
  }
  return run
}

export type Run = ReturnType<typeof createRun>
