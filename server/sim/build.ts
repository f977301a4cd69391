import { buildWiring } from './wiring.js'
import type { RunConfig } from './run-config.js'
import type { Fault } from './run-config-parts.js'
import type { Actuators } from './control/controller.js'
import { affects } from './faults.js'
import { drawCellParameters, nominalCellParameters, type CellParameters, type CellState } from './parameters.js'
import type { Random } from './random.js'
import { createStack } from './stack.js'
import type { Stack, StackInputs } from './stack-types.js'

/** The keys of `partial` that are set: zod leaves unset optional keys as undefined, which must not override. */
function defined<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>
}

/** Cell parameters of the stack: nominal < config.cell < seeded spread < per-cell override. */
export function cellParameters(config: RunConfig, random: Random): CellParameters[] {
  const spreadRandom = random.fork('parameter-spread')
  const base: CellParameters = { ...nominalCellParameters, ...defined(config.cell.parameters) }
  return Array.from({ length: config.stack.cells }, (_, i) => {
    const drawn = drawCellParameters(base, config.stack.spread, spreadRandom)
    return { ...drawn, ...defined(config.cells.find((cell) => cell.index === i)?.parameters) }
  })
}

/** A fresh stack in its configured initial state. */
export function buildStack(config: RunConfig, random: Random): Stack {
  const initial: CellState[] = Array.from({ length: config.stack.cells }, (_, i) => ({
    ...config.cell.initial,
    ...defined(config.cells.find((cell) => cell.index === i)?.initial),
  }))
  return createStack({
    parameters: cellParameters(config, random),
    initial,
    wiring: buildWiring(config.stack.wiring, config.stack.cells, config.stack.cellsPerString),
    feeding: config.stack.feeding,
    model: config.model,
  })
}

/** The actuators as the configuration sets them, before any controller moves them. */
export function configuredActuators(config: RunConfig): Actuators {
  return {
    loadOhm: config.load.rExtOhm,
    cellLoadOhm: config.load.cellRExtOhm
      ? [...config.load.cellRExtOhm]
      : new Array<number>(config.stack.cells).fill(config.load.rExtOhm),
    feedLPerDay: config.feed.flowLPerDay,
    dosingMgPerDay: config.feed.dosingMgPerDay,
  }
}

/** Influent strength at `timeS`: the last schedule entry that has started, else the configured value. */
export function influentAt(config: RunConfig, timeS: number): number {
  let value = config.feed.influentMgL
  let latest = -Infinity
  for (const entry of config.feed.influentSchedule) {
    if (entry.atS <= timeS && entry.atS >= latest) {
      latest = entry.atS
      value = entry.influentMgL
    }
  }
  return value
}

/** The next influent schedule change after `timeS` (Infinity if none): integration steps end on it. */
export function nextInfluentChangeS(config: RunConfig, timeS: number): number {
  let next = Infinity
  for (const entry of config.feed.influentSchedule) if (entry.atS > timeS) next = Math.min(next, entry.atS)
  return next
}

/** Writes the stack's inputs for the next step: actuators, then what the active faults do to them. */
export function applyInputs(
  config: RunConfig,
  actuators: Actuators,
  active: readonly Fault[],
  timeS: number,
  inputs: StackInputs,
): void {
  const influent = influentAt(config, timeS)
  const disconnected = active.some((fault) => fault.kind === 'load-disconnect')
  let temperatureK = config.feed.temperatureK
  for (const fault of active) if (fault.kind === 'temperature-step') temperatureK += fault.deltaK
  inputs.loadOhm = disconnected ? Infinity : actuators.loadOhm
  for (let i = 0; i < inputs.feedLPerDay.length; i += 1) {
    const starved = affects(active, 'starvation', i)
    inputs.feedLPerDay[i] = affects(active, 'feed-pump-failure', i) ? 0 : actuators.feedLPerDay
    inputs.influentMgL[i] = starved ? 0 : influent
    inputs.dosingMgPerDay[i] = starved ? 0 : actuators.dosingMgPerDay
    inputs.temperatureK[i] = temperatureK
    inputs.cellLoadOhm[i] = disconnected ? Infinity : (actuators.cellLoadOhm[i] ?? actuators.loadOhm)
  }
}
