import type { Stack, StackInputs } from './stack-types.js'

/** One steady-state point of a polarization curve: the load and what the stack delivers into it. */
export type PolarizationPoint = { rExtOhm: number; currentA: number; voltageV: number; powerW: number }
/** One cell's curve in a sweep: its own current, voltage and power at each of the sweep's loads. */
export type CellCurve = { openCircuitV: number; points: PolarizationPoint[] }
/**
 * A sweep's points, high resistance first, and its maximum power point; the open-circuit voltage with
 * the load disconnected (not the highest R_ext's); every cell's curve at the same loads (docs/simulation.md).
 */
export type PolarizationSweep = {
  mpp: PolarizationPoint
  points: PolarizationPoint[]
  openCircuitV: number
  cells: CellCurve[]
}

/** Every cell's point at the load `ohm` of the sweep (each cell's share of a shared load). */
export function cellPoints(stack: Stack, ohm: number): PolarizationPoint[] {
  return Array.from({ length: stack.cells }, (_, i) => {
    const currentA = stack.outputs.cellCurrentA[i] as number
    const voltageV = stack.outputs.cellVoltageV[i] as number
    return { rExtOhm: ohm, currentA, voltageV, powerW: currentA * voltageV }
  })
}
/** A sweep's log-spaced grid of loads. */
export type SweepOptions = { minOhm: number; maxOhm: number; points: number }

/**
 * The loads one search varies: the shared stack load (one channel), or every cell's own load at once
 * (independent wiring, one channel per cell: the cells do not interact, so they are optimised side by side).
 */
export type Channels = {
  count: number
  apply(inputs: StackInputs, ohms: Float64Array): void
  point(stack: Stack, channel: number, ohm: number): PolarizationPoint
}

/** The channels of `stack`'s loads; `perCell` optimises own loads one by one instead of all at one resistance. */
export function channels(stack: Stack, perCell: boolean): Channels {
  if (stack.spec.wiring.sharedLoad)
    return {
      count: 1,
      apply: (inputs, ohms) => void (inputs.loadOhm = ohms[0] as number),
      point: (s, _c, ohm) => ({
        rExtOhm: ohm,
        currentA: s.outputs.loadCurrentA,
        voltageV: s.outputs.loadVoltageV,
        powerW: s.outputs.loadCurrentA * s.outputs.loadVoltageV,
      }),
    }
  if (perCell)
    return {
      count: stack.cells,
      apply: (inputs, ohms) => inputs.cellLoadOhm.set(ohms),
      point: (s, c, ohm) => {
        const currentA = s.outputs.cellCurrentA[c] as number
        const voltageV = s.outputs.cellVoltageV[c] as number
        return { rExtOhm: ohm, currentA, voltageV, powerW: currentA * voltageV }
      },
    }
  // Every cell on the same resistance; the stack figures are the cells' total current and power.
  return {
    count: 1,
    apply: (inputs, ohms) => inputs.cellLoadOhm.fill(ohms[0] as number),
    point: (s, _c, ohm) => {
      let currentA = 0
      let powerW = 0
      for (let i = 0; i < s.cells; i += 1) {
        currentA += s.outputs.cellCurrentA[i] as number
        powerW += (s.outputs.cellCurrentA[i] as number) * (s.outputs.cellVoltageV[i] as number)
      }
      return { rExtOhm: ohm, currentA, voltageV: currentA > 0 ? powerW / currentA : 0, powerW }
    },
  }
}

/** An independent copy of a stack's inputs, for work on a clone. */
export function cloneInputs(inputs: StackInputs): StackInputs {
  return {
    ...inputs,
    cellLoadOhm: Float64Array.from(inputs.cellLoadOhm),
    feedLPerDay: Float64Array.from(inputs.feedLPerDay),
    influentMgL: Float64Array.from(inputs.influentMgL),
    dosingMgPerDay: Float64Array.from(inputs.dosingMgPerDay),
    temperatureK: Float64Array.from(inputs.temperatureK),
  }
}
