import { SECONDS_PER_DAY } from './parameters.js'
import type { Stack, StackInputs } from './stack-types.js'
import { solveSteadyState, type SteadyStateMemory } from './steady-state.js'

/*
 * Steady-state polarization and the maximum power point, computed with the model itself. "Steady" is
 * the steady state of the fast subsystem (substrate, mediator, current) with the biofilm held as it is:
 * a polarization curve takes hours, the biofilm changes over days (the reduced model of MFC_MODEL.md).
 * Every evaluation solves the steady-state equations of a reduced-model clone directly (Newton,
 * steady-state.ts), warm-started from the previous point; marching the clone to the integrator's fixed
 * point (an exact steady state too) remains as the fallback where Newton does not converge.
 */

export type PolarizationPoint = { rExtOhm: number; currentA: number; voltageV: number; powerW: number }
export type PolarizationSweep = { mpp: PolarizationPoint; points: PolarizationPoint[] }
export type SweepOptions = { minOhm: number; maxOhm: number; points: number }

/** Largest march step (days) that keeps Heun's method stable on the substrate equation: 1 / fastest rate. */
function marchStepDays(stack: Stack, inputs: StackInputs): number {
  let fastest = 1e-9
  stack.spec.parameters.forEach((p, i) => {
    const rate =
      (inputs.feedLPerDay[i] as number) / p.anodeVolumeL +
      (p.qMaxAMgSPerMgXDay * (stack.anodophilicMgL[i] as number)) / p.kSAMgL +
      (p.qMaxMMgSPerMgXDay * (stack.methanogenicMgL[i] as number)) / p.kSMMgL
    fastest = Math.max(fastest, rate)
  })
  return Math.min(300 / SECONDS_PER_DAY, 1 / fastest)
}

/**
 * Marches `stack` (a reduced clone) until substrate and current change by less than `tolerance`
 * (relative) per simulated hour, at most `maxDays`. Electrically limited cells relax on the hydraulic
 * time scale 1/D (hours), so this, not the step, is the cost of a sweep point.
 */
export function settle(stack: Stack, inputs: StackInputs, tolerance = 1e-10, maxDays = 30): void {
  const h = marchStepDays(stack, inputs)
  const stepsPerCheck = Math.max(1, Math.round(1 / 24 / h)) // check about hourly
  let previous = Number.NaN
  for (let elapsed = 0; elapsed < maxDays; elapsed += stepsPerCheck * h) {
    for (let k = 0; k < stepsPerCheck; k += 1) stack.step(h, inputs)
    let signature = 0
    for (let i = 0; i < stack.cells; i += 1)
      signature += (stack.substrateMgL[i] as number) + 1e3 * Math.abs(stack.outputs.cellCurrentA[i] as number)
    if (Math.abs(signature - previous) <= tolerance * Math.abs(signature)) return
    previous = signature
  }
}

/**
 * The loads one search varies: the shared stack load (one channel), or every cell's own load at once
 * (independent wiring, one channel per cell: the cells do not interact, so they are optimised side by side).
 */
type Channels = {
  count: number
  apply(inputs: StackInputs, ohms: Float64Array): void
  point(stack: Stack, channel: number, ohm: number): PolarizationPoint
}

function channels(stack: Stack, perCell: boolean): Channels {
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

function cloneInputs(inputs: StackInputs): StackInputs {
  return {
    ...inputs,
    cellLoadOhm: Float64Array.from(inputs.cellLoadOhm),
    feedLPerDay: Float64Array.from(inputs.feedLPerDay),
    influentMgL: Float64Array.from(inputs.influentMgL),
    dosingMgPerDay: Float64Array.from(inputs.dosingMgPerDay),
    temperatureK: Float64Array.from(inputs.temperatureK),
  }
}

/**
 * Steady state at the loads `ohms` (one per channel), continuing from `stack`'s current state: the
 * direct Newton solve (steady-state.ts), or marching the model where Newton fails.
 */
function evaluate(
  stack: Stack,
  inputs: StackInputs,
  ch: Channels,
  ohms: Float64Array,
  tolerance: number,
  memory: SteadyStateMemory,
): PolarizationPoint[] {
  ch.apply(inputs, ohms)
  if (!solveSteadyState(stack, inputs, { tolerance }, memory)) settle(stack, inputs, tolerance)
  return Array.from({ length: ch.count }, (_, c) => ch.point(stack, c, ohms[c] as number))
}

const GOLDEN = (Math.sqrt(5) - 1) / 2

/** How precisely a search settles each point (relative substrate) and locates the peak (bracket width in log R). */
type Precision = { settle: number; logOhm: number }
/** The sweep's MPP: R to 0.001 %, where power is flat to ~1e-10. */
const PRECISE: Precision = { settle: 1e-10, logOhm: 1e-5 }
/** The run's periodic optimum (a metric's denominator): R to 0.1 %, power to ~1e-6. */
const QUICK: Precision = { settle: 1e-7, logOhm: 1e-3 }

/** Golden-section search for maximum power on log R_ext, per channel, inside [lo_c, hi_c]. */
function refine(
  stack: Stack,
  inputs: StackInputs,
  ch: Channels,
  lo: Float64Array,
  hi: Float64Array,
  precision: Precision,
  memory: SteadyStateMemory,
): PolarizationPoint[] {
  const a = Float64Array.from(lo, Math.log)
  const b = Float64Array.from(hi, Math.log)
  const x1 = a.map((v, c) => (b[c] as number) - GOLDEN * ((b[c] as number) - v))
  const x2 = a.map((v, c) => v + GOLDEN * ((b[c] as number) - v))
  const p1 = evaluate(stack, inputs, ch, x1.map(Math.exp), precision.settle, memory)
  const p2 = evaluate(stack, inputs, ch, x2.map(Math.exp), precision.settle, memory)
  const width = Math.max(...b.map((v, c) => v - (a[c] as number)))
  const iterations = Math.max(
    1,
    Math.ceil(Math.log(precision.logOhm / Math.max(width, precision.logOhm)) / Math.log(GOLDEN)),
  )
  for (let k = 0; k < iterations; k += 1) {
    const probe = new Float64Array(ch.count)
    const left = p1.map((point, c) => point.powerW >= (p2[c] as PolarizationPoint).powerW) // maximum lies in [a, x2]
    for (let c = 0; c < ch.count; c += 1) {
      const span = (b[c] as number) - (a[c] as number)
      if (left[c]) {
        b[c] = x2[c] as number
        x2[c] = x1[c] as number
        p2[c] = p1[c] as PolarizationPoint
        x1[c] = (b[c] as number) - GOLDEN * GOLDEN * span
        probe[c] = x1[c] as number
      } else {
        a[c] = x1[c] as number
        x1[c] = x2[c] as number
        p1[c] = p2[c] as PolarizationPoint
        x2[c] = (a[c] as number) + GOLDEN * GOLDEN * span
        probe[c] = x2[c] as number
      }
    }
    const fresh = evaluate(stack, inputs, ch, probe.map(Math.exp), precision.settle, memory)
    for (let c = 0; c < ch.count; c += 1) {
      if (left[c]) p1[c] = fresh[c] as PolarizationPoint
      else p2[c] = fresh[c] as PolarizationPoint
    }
  }
  return p1.map((point, c) =>
    point.powerW >= (p2[c] as PolarizationPoint).powerW ? point : (p2[c] as PolarizationPoint),
  )
}

function logGrid(minOhm: number, maxOhm: number, points: number): number[] {
  if (points === 1) return [minOhm]
  const step = Math.log(maxOhm / minOhm) / (points - 1)
  return Array.from({ length: points }, (_, k) => minOhm * Math.exp(step * k))
}

/** Best grid point's neighbours as the bracket of the refinement (the grid ends if it is an end point). */
function bracketAround(grid: readonly number[], powers: readonly number[]): [number, number] {
  let best = 0
  powers.forEach((power, k) => {
    if (power > (powers[best] as number)) best = k
  })
  return [grid[Math.max(best - 1, 0)] as number, grid[Math.min(best + 1, grid.length - 1)] as number]
}

/**
 * Steady-state V-I and P-I over a log-spaced R_ext grid, high resistance first (a gentle start from
 * open circuit), and the maximum power point refined by golden-section search between the best grid
 * point's neighbours: the MPP is located to 0.001 % in R_ext, not just to the grid.
 */
export function polarizationSweep(stack: Stack, inputs: StackInputs, options: SweepOptions): PolarizationSweep {
  const work = stack.clone('reduced')
  const workInputs = cloneInputs(inputs)
  const ch = channels(work, false)
  const grid = logGrid(options.minOhm, options.maxOhm, options.points)
  const memory: SteadyStateMemory = { jacobian: null }
  const points: PolarizationPoint[] = []
  for (let k = grid.length - 1; k >= 0; k -= 1)
    points.unshift(...evaluate(work, workInputs, ch, Float64Array.of(grid[k] as number), PRECISE.settle, memory))
  const [lo, hi] = bracketAround(
    grid,
    points.map((p) => p.powerW),
  )
  const refined = refine(
    work,
    workInputs,
    ch,
    Float64Array.of(lo),
    Float64Array.of(hi),
    PRECISE,
    memory,
  )[0] as PolarizationPoint
  const bestGrid = points.reduce((best, p) => (p.powerW > best.powerW ? p : best))
  return { mpp: refined.powerW >= bestGrid.powerW ? refined : bestGrid, points }
}

/**
 * The most power the stack could deliver now by choosing its load(s): the model's own optimum for
 * MPPT tracking efficiency. A coarse log grid from 1 ohm to 100 kohm finds the peak's neighbourhood,
 * golden-section search refines it; with independent wiring every cell's load is optimised.
 */
export function maximumPowerW(stack: Stack, inputs: StackInputs): number {
  const work = stack.clone('reduced')
  const workInputs = cloneInputs(inputs)
  const ch = channels(work, true)
  const grid = logGrid(1, 1e5, 9)
  const memory: SteadyStateMemory = { jacobian: null }
  const powers = grid.map(() => new Float64Array(ch.count))
  for (let k = grid.length - 1; k >= 0; k -= 1) {
    const results = evaluate(
      work,
      workInputs,
      ch,
      new Float64Array(ch.count).fill(grid[k] as number),
      QUICK.settle,
      memory,
    )
    results.forEach((point, c) => ((powers[k] as Float64Array)[c] = point.powerW))
  }
  const lo = new Float64Array(ch.count)
  const hi = new Float64Array(ch.count)
  for (let c = 0; c < ch.count; c += 1)
    [lo[c], hi[c]] = bracketAround(
      grid,
      powers.map((row) => row[c] as number),
    )
  return refine(work, workInputs, ch, lo, hi, QUICK, memory).reduce((sum, point) => sum + point.powerW, 0)
}
