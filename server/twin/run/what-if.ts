import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { TwinFrame } from './twin-frame.js'
import type { WhatIfOutcome } from '../../contract/twin.js'
import type { ControllerConfigInput } from '../../sim/control/controller-config.js'
import { createSimulationEngine, type SimulationEngine } from '../../sim/engine.js'
import { parameterRanges } from '../../sim/parameter-bounds.js'
import { nominalCellParameters, type CellParameters } from '../../sim/parameters.js'
import type { RunConfigInput } from '../../sim/run-config.js'
import type { TwinStack } from './twin-stack.js'
import { createProcedureDriver, type SavedPlan, type WhatIfDriver } from './procedure-what-if.js'

/*
 * "What if" (docs/twin.md "What if"): a controller or a procedure run on the twin at full speed from its
 * current state, for a horizon, with the inputs the real cells have now (a saved procedure: see
 * procedure-what-if.ts). The engine runs a copy: a run config whose cells carry the twin's parameters and
 * state as their initial state. The work is done in slices of SLICE_MS with the event loop served in
 * between, like the station's sweeps.
 */

export type ProcedureStep = {
  atS: number
  rExtOhm?: number | undefined
  flowLPerDay?: number | undefined
  influentMgL?: number | undefined
}
export type WhatIfPlan = {
  label: string
  controller: ControllerConfigInput
  procedure: readonly ProcedureStep[]
  /** A saved procedure run by the station's procedure runner on the twin (instead of `procedure`). */
  saved?: SavedPlan | undefined
}

const SLICE_MS = 20

/** A parameter set within the run configuration's ranges (a spread-drawn cell can sit just outside one). */
function withinRanges(parameters: CellParameters): CellParameters {
  const inside = { ...parameters }
  for (const name of Object.keys(inside) as Array<keyof CellParameters>) {
    const [lo, hi] = parameterRanges[name]
    inside[name] = Math.min(Math.max(inside[name], lo), hi)
  }
  return inside
}

/** The run config of a plan from the twin's state: its cells, state, layout and the inputs of `frame`. */
export function whatIfRunConfig(twin: TwinStack, frame: TwinFrame, plan: WhatIfPlan, horizonS: number): RunConfigInput {
  const { stack } = twin
  const spec = twin.spec()
  const cells = spec.parameters.length
  const independent = spec.layout.wiring === 'independent'
  return {
    name: plan.label,
    durationS: horizonS,
    stack: {
      cells,
      wiring: spec.layout.wiring,
      feeding: spec.layout.feeding,
      ...(spec.layout.cellsPerString ? { cellsPerString: spec.layout.cellsPerString } : {}),
    },
    cells: spec.parameters.map((parameters, index) => ({
      index,
      parameters: withinRanges(parameters),
      initial: {
        substrateMgL: stack.substrateMgL[index] as number,
        anodophilicMgL: stack.anodophilicMgL[index] as number,
        methanogenicMgL: stack.methanogenicMgL[index] as number,
        oxidisedMediatorMgMPerMgX: Math.min(
          stack.oxidisedMediator[index] as number,
          nominalCellParameters.mTotalMgMPerMgX,
        ),
      },
    })),
    feed: {
      flowLPerDay: frame.stack.feedLPerDay,
      influentMgL: spec.influentMgL,
      temperatureK: frame.stack.temperatureK,
    },
    load: {
      rExtOhm: frame.stack.loadOhm,
      ...(independent
        ? {
            cellRExtOhm: frame.cells.map((c) =>
              c.currentA > 0 && c.voltageV > 0 ? c.voltageV / c.currentA : frame.stack.loadOhm,
            ),
          }
        : {}),
    },
    controller: plan.controller,
    metrics: { warmupS: 0, optimumPeriodS: 0 },
  }
}

/** The timed input changes of a plan, applied as they fall due. */
function timedStepsDriver(engine: SimulationEngine, steps: readonly ProcedureStep[]): WhatIfDriver {
  const procedure = [...steps].sort((a, b) => a.atS - b.atS)
  let next = 0
  return {
    nextAtS: () => procedure[next]?.atS,
    async at(timeS) {
      for (; next < procedure.length && (procedure[next] as ProcedureStep).atS <= timeS; next += 1) {
        const step = procedure[next] as ProcedureStep
        engine.configure({
          ...(step.rExtOhm === undefined ? {} : { load: { rExtOhm: step.rExtOhm } }),
          feed: {
            ...(step.flowLPerDay === undefined ? {} : { flowLPerDay: step.flowLPerDay }),
            ...(step.influentMgL === undefined ? {} : { influentMgL: step.influentMgL }),
          },
        })
      }
    },
    report: () => ({}),
  }
}

/** Runs one plan for the horizon and reports its outcome with `points` samples of stack power and voltage. */
export async function runWhatIf(
  config: RunConfigInput,
  plan: WhatIfPlan,
  points: number,
  now: () => number,
): Promise<WhatIfOutcome> {
  const engine = createSimulationEngine(config, { now })
  const horizonS = config.durationS as number
  const driver = plan.saved
    ? createProcedureDriver(engine, plan.saved, horizonS)
    : timedStepsDriver(engine, plan.procedure)
  const sampleS = horizonS / points
  const outcome: WhatIfOutcome = {
    ...{ label: plan.label, controller: engine.status().controller, energyJ: 0, meanPowerW: 0, finalPowerW: 0 },
    ...{
      minCellVoltageV: Infinity,
      reversalCellHours: 0,
      coulombicEfficiencyPct: null,
      timeS: [],
      powerW: [],
      voltageV: [],
    },
  }
  await driver.at(0, engine.snapshot())
  let timeS = 0
  let sample = 1
  let sliceStart = now()
  while (sample <= points) {
    const target = sample * sampleS
    const upcoming = driver.nextAtS()
    if (upcoming !== undefined && upcoming < target) {
      const frame = engine.advanceSim(upcoming - timeS)
      timeS = upcoming
      await driver.at(timeS, frame)
      continue
    }
    const frame = engine.advanceSim(target - timeS)
    timeS = target
    sample += 1
    const reversed = frame.cells.filter((cell) => cell.voltageV < 0).length
    outcome.reversalCellHours += (reversed * sampleS) / 3600
    outcome.minCellVoltageV = Math.min(outcome.minCellVoltageV, ...frame.cells.map((cell) => cell.voltageV))
    outcome.timeS.push(frame.simTimeS)
    outcome.powerW.push(frame.stack.powerW)
    outcome.voltageV.push(frame.stack.voltageV)
    if (now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop()
      sliceStart = now()
    }
  }
  const metrics = engine.metrics()
  return {
    ...outcome,
    energyJ: metrics.energyJ,
    meanPowerW: metrics.meanPowerW ?? 0,
    finalPowerW: outcome.powerW.at(-1) ?? 0,
    coulombicEfficiencyPct: metrics.coulombicEfficiencyPct,
    ...driver.report(),
  }
}
