import type { TwinFrame } from './twin-frame.js'
import { SECONDS_PER_DAY, type CellParameters, type CellState } from '../../sim/parameters.js'
import { createStack } from '../../sim/stack.js'
import { createStackInputs, type FeedingKind, type Stack, type StackInputs } from '../../sim/stack-types.js'
import { finish } from '../../sim/work.js'
import { buildWiring, type WiringKind } from '../../sim/wiring.js'
import { createSteadyCell } from '../fit/cell-steady-state.js'
import { startingBiofilm } from '../fit/polarization-model.js'

/*
 * The twin's model (docs/twin.md "The twin"): the engine's stack with the fitted parameters, driven by
 * the inputs the real cells report, frame by frame. Between two frames the inputs of the earlier one
 * hold (its load, feed and temperature were in force until the next report); the stack is stepped in
 * steps of at most STEP_S, as the engine's own run. It starts with every cell at its long-run steady
 * state at the load it sees then (an established cell), substrate as measured where the frame has it.
 * Each model cell runs on its own at the load its real cell sees (measured V/I): in a series string a
 * failing cell changes the string's current, and the others' models follow that through their loads,
 * so only the failing cell leaves its model (docs/twin.md "The twin").
 */

/** How the cells are connected, as the run configuration's `stack` says it. */
export type StackLayout = { wiring: WiringKind; cellsPerString?: number | undefined; feeding: FeedingKind }

/** What the twin is made of: a parameter set per cell, the layout, and the feed's strength. */
export type TwinSpec = {
  parameters: readonly CellParameters[]
  layout: StackLayout
  influentMgL: number
}

/** The engine's default step (docs/simulation.md "The step grid"). */
const STEP_S = 60
/** A gap between frames longer than this (a day) is not followed: the twin starts again from the new frame. */
export const MAX_FOLLOW_GAP_S = SECONDS_PER_DAY
/** The first evaluation at the starting state: a step this short changes nothing but computes the outputs. */
const SETTLING_STEP_DAYS = 1e-6

export type TwinOutputs = {
  cellVoltageV: Float64Array
  cellPowerW: Float64Array
  stackVoltageV: number
  stackPowerW: number
}

/** The load a cell of the layout sees when it reports nothing of its own: its share of the stack's load. */
function shareOfLoad(layout: StackLayout, cells: number, loadOhm: number): number {
  const { strings, sharedLoad } = buildWiring(layout.wiring, cells, layout.cellsPerString ?? cells)
  if (!sharedLoad) return loadOhm
  const inSeries = strings[0]?.length ?? 1
  return (loadOhm * strings.length) / inSeries
}

/** The load each cell sees in a frame: its own voltage over its current, else its own load, else its share of the stack's. */
function apparentLoadOhm(frame: TwinFrame, spec: TwinSpec, cell: number): number {
  const sample = frame.cells[cell]
  const load = frame.stack.loadConnected ? frame.stack.loadOhm : Infinity
  if (!sample || !(sample.currentA > 0) || !(sample.voltageV > 0))
    return sample?.loadOhm ?? shareOfLoad(spec.layout, spec.parameters.length, load)
  return sample.voltageV / sample.currentA
}

/** Writes a frame's inputs: each cell's apparent load, the feed, the temperature. */
function writeInputs(inputs: StackInputs, frame: TwinFrame, spec: TwinSpec): void {
  inputs.loadOhm = frame.stack.loadConnected ? frame.stack.loadOhm : Infinity
  for (let i = 0; i < inputs.feedLPerDay.length; i += 1) {
    inputs.cellLoadOhm[i] = apparentLoadOhm(frame, spec, i)
    inputs.feedLPerDay[i] = frame.stack.feedLPerDay
    inputs.influentMgL[i] = spec.influentMgL
    inputs.dosingMgPerDay[i] = 0
    inputs.temperatureK[i] = frame.stack.temperatureK
  }
}

/** Each cell's long-run steady state at the load it sees in `frame`, substrate as measured where known. */
function initialStates(spec: TwinSpec, frame: TwinFrame): CellState[] {
  return spec.parameters.map((parameters, i) => {
    const conditions = {
      influentMgL: spec.influentMgL,
      flowLPerDay: frame.stack.feedLPerDay,
      temperatureK: frame.stack.temperatureK,
    }
    const point = finish(
      createSteadyCell(parameters, conditions).longRunWork(apparentLoadOhm(frame, spec, i), startingBiofilm),
    )
    const measured = frame.cells[i]?.substrateMgL
    return {
      substrateMgL:
        measured !== undefined && Number.isFinite(measured) && measured >= 0 ? measured : point.substrateMgL,
      anodophilicMgL: point.biofilm.anodophilicMgL,
      methanogenicMgL: point.biofilm.methanogenicMgL,
      oxidisedMediatorMgMPerMgX: point.oxidisedMediatorMgMPerMgX,
    }
  })
}

/** The stack's voltage and power from the model cells, connected as the real ones are. */
function outputsOf(stack: Stack, layout: StackLayout): TwinOutputs {
  const { cellVoltageV, cellCurrentA } = stack.outputs
  const cellPowerW = cellVoltageV.map((v, i) => v * (cellCurrentA[i] as number))
  const stackPowerW = cellPowerW.reduce((a, b) => a + b, 0)
  const totalV = cellVoltageV.reduce((a, b) => a + b, 0)
  const { strings } = buildWiring(layout.wiring, stack.cells, layout.cellsPerString ?? stack.cells)
  const stackVoltageV =
    layout.wiring === 'independent'
      ? stackPowerW /
        Math.max(
          cellCurrentA.reduce((a, b) => a + b, 0),
          1e-300,
        )
      : totalV / strings.length
  return { cellVoltageV: Float64Array.from(cellVoltageV), cellPowerW, stackVoltageV, stackPowerW }
}

/** The twin's stack, started at `frame`; `follow` moves it to each later frame of the same source. */
export function createTwinStack(initialSpec: TwinSpec, frame: TwinFrame) {
  let spec = initialSpec
  const { layout } = spec
  const cells = spec.parameters.length
  const stack = createStack({
    parameters: spec.parameters,
    initial: initialStates(spec, frame),
    wiring: buildWiring('independent', cells),
    feeding: layout.feeding,
    model: 'full',
  })
  const inputs = createStackInputs(cells)
  writeInputs(inputs, frame, spec)
  stack.step(SETTLING_STEP_DAYS, inputs)
  let timeS = frame.simTimeS
  return {
    stack,
    get timeS() {
      return timeS
    },
    outputs: (): TwinOutputs => outputsOf(stack, layout),
    /** Steps from the last frame's time to `next`'s with the last frame's inputs, then takes `next`'s inputs. */
    follow(next: TwinFrame): TwinOutputs {
      const gapS = next.simTimeS - timeS
      const steps = Math.ceil(gapS / STEP_S)
      for (let k = 0; k < steps; k += 1) stack.step(gapS / steps / SECONDS_PER_DAY, inputs)
      timeS = next.simTimeS
      writeInputs(inputs, next, spec)
      return outputsOf(stack, layout)
    },
    /** The feed's strength from now on (telemetry does not carry it). */
    setInfluent(influentMgL: number): void {
      spec = { ...spec, influentMgL }
      inputs.influentMgL.fill(influentMgL)
    },
    /** The model as it is now, for a what-if from this state. */
    spec: (): TwinSpec => spec,
  }
}

export type TwinStack = ReturnType<typeof createTwinStack>
