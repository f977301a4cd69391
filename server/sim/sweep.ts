import { SECONDS_PER_DAY } from './parameters.js'
import type { Stack, StackInputs } from './stack-types.js'
import { steadyStateWork, type SteadyStateMemory } from './steady-state.js'
import {
  cellPoints,
  channels,
  cloneInputs,
  type Channels,
  type PolarizationPoint,
  type PolarizationSweep,
  type SweepOptions,
} from './sweep-points.js'
import { createUnitMeter, type UnitMeter, type Work } from './work.js'

/*
 * Steady-state polarization and the maximum power point, computed with the model itself. "Steady" is
 * the steady state of the fast subsystem (substrate, mediator, current) with the biofilm held as it is:
 * a polarization curve takes hours, the biofilm changes over days (docs/simulation.md "Steady state,
 * sweeps and the maximum power point"). Every evaluation solves the steady-state equations of a
 * reduced-model clone directly (Newton, steady-state.ts), warm-started from the previous point;
 * marching the clone to the integrator's fixed point (an exact steady state too) remains as the
 * fallback where Newton does not converge. All of it is Work (work.ts): a caller with a wall-time
 * budget runs it in slices.
 */

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
 * time scale 1/D (hours), so this, not the step, is the cost of a sweep point. A step (two stages)
 * costs two evaluations of every cell on `meter`.
 */
export function* settleWork(
  stack: Stack,
  inputs: StackInputs,
  tolerance = 1e-10,
  maxDays = 30,
  meter: UnitMeter = createUnitMeter(),
): Work<void> {
  const h = marchStepDays(stack, inputs)
  const stepsPerCheck = Math.max(1, Math.round(1 / 24 / h)) // check about hourly
  let previous = Number.NaN
  for (let elapsed = 0; elapsed < maxDays; elapsed += stepsPerCheck * h) {
    for (let k = 0; k < stepsPerCheck; k += 1) {
      stack.step(h, inputs)
      if (meter.add(2 * stack.cells)) yield
    }
    let signature = 0
    for (let i = 0; i < stack.cells; i += 1)
      signature += (stack.substrateMgL[i] as number) + 1e3 * Math.abs(stack.outputs.cellCurrentA[i] as number)
    if (Math.abs(signature - previous) <= tolerance * Math.abs(signature)) return
    previous = signature
  }
}

/** What one search carries from point to point: the last Jacobian, and the meter of its work. */
type SearchMemory = SteadyStateMemory & { meter: UnitMeter }

/**
 * Steady state at the loads `ohms` (one per channel), continuing from `stack`'s current state: the
 * direct Newton solve (steady-state.ts), or marching the model where Newton fails.
 */
function* evaluateWork(
  stack: Stack,
  inputs: StackInputs,
  ch: Channels,
  ohms: Float64Array,
  tolerance: number,
  memory: SearchMemory,
): Work<PolarizationPoint[]> {
  ch.apply(inputs, ohms)
  if (!(yield* steadyStateWork(stack, inputs, { tolerance }, memory, memory.meter)))
    yield* settleWork(stack, inputs, tolerance, undefined, memory.meter)
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
function* refineWork(
  stack: Stack,
  inputs: StackInputs,
  ch: Channels,
  lo: Float64Array,
  hi: Float64Array,
  precision: Precision,
  memory: SearchMemory,
): Work<PolarizationPoint[]> {
  const a = Float64Array.from(lo, Math.log)
  const b = Float64Array.from(hi, Math.log)
  const x1 = a.map((v, c) => (b[c] as number) - GOLDEN * ((b[c] as number) - v))
  const x2 = a.map((v, c) => v + GOLDEN * ((b[c] as number) - v))
  const p1 = yield* evaluateWork(stack, inputs, ch, x1.map(Math.exp), precision.settle, memory)
  const p2 = yield* evaluateWork(stack, inputs, ch, x2.map(Math.exp), precision.settle, memory)
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
    const fresh = yield* evaluateWork(stack, inputs, ch, probe.map(Math.exp), precision.settle, memory)
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

/** The load disconnected (infinite R_ext, docs/simulation.md): the stack's and every cell's open-circuit voltage. */
function* openCircuitWork(work: Stack, workInputs: StackInputs, ch: Channels, memory: SearchMemory) {
  const [stackPoint] = yield* evaluateWork(work, workInputs, ch, Float64Array.of(Infinity), PRECISE.settle, memory)
  return {
    stackV: (stackPoint as PolarizationPoint).voltageV,
    cellV: cellPoints(work, Infinity).map((p) => p.voltageV),
  }
}

function* sweepClone(work: Stack, workInputs: StackInputs, options: SweepOptions): Work<PolarizationSweep> {
  const ch = channels(work, false)
  const grid = logGrid(options.minOhm, options.maxOhm, options.points)
  const memory: SearchMemory = { jacobian: null, meter: createUnitMeter() }
  const points: PolarizationPoint[] = []
  const perCell: PolarizationPoint[][] = []
  for (let k = grid.length - 1; k >= 0; k -= 1) {
    const ohm = grid[k] as number
    points.unshift(...(yield* evaluateWork(work, workInputs, ch, Float64Array.of(ohm), PRECISE.settle, memory)))
    perCell.unshift(cellPoints(work, ohm))
  }
  const [lo, hi] = bracketAround(
    grid,
    points.map((p) => p.powerW),
  )
  const [refined] = yield* refineWork(work, workInputs, ch, Float64Array.of(lo), Float64Array.of(hi), PRECISE, memory)
  const bestGrid = points.reduce((best, p) => (p.powerW > best.powerW ? p : best))
  // Last, so the curve and its MPP are computed exactly as before the open circuit was added.
  const open = yield* openCircuitWork(work, workInputs, ch, memory)
  return {
    mpp: (refined as PolarizationPoint).powerW >= bestGrid.powerW ? (refined as PolarizationPoint) : bestGrid,
    points,
    openCircuitV: open.stackV,
    cells: open.cellV.map((openCircuitV, i) => ({
      openCircuitV,
      points: perCell.map((row) => row[i] as PolarizationPoint),
    })),
  }
}

/**
 * Steady-state V-I and P-I over a log-spaced R_ext grid, high resistance first (a gentle start from
 * open circuit), and the maximum power point refined by golden-section search between the best grid
 * point's neighbours: the MPP is located to 0.001 % in R_ext, not just to the grid. The stack is
 * copied now, so the run may go on while the sweep's work is done in slices.
 */
export function polarizationSweepWork(
  stack: Stack,
  inputs: StackInputs,
  options: SweepOptions,
): Work<PolarizationSweep> {
  return sweepClone(stack.clone('reduced'), cloneInputs(inputs), options)
}

function* optimumOfClone(work: Stack, workInputs: StackInputs): Work<number> {
  const ch = channels(work, true)
  const grid = logGrid(1, 1e5, 9)
  const memory: SearchMemory = { jacobian: null, meter: createUnitMeter() }
  const powers = grid.map(() => new Float64Array(ch.count))
  for (let k = grid.length - 1; k >= 0; k -= 1) {
    const ohms = new Float64Array(ch.count).fill(grid[k] as number)
    const results = yield* evaluateWork(work, workInputs, ch, ohms, QUICK.settle, memory)
    results.forEach((point, c) => ((powers[k] as Float64Array)[c] = point.powerW))
  }
  const lo = new Float64Array(ch.count)
  const hi = new Float64Array(ch.count)
  for (let c = 0; c < ch.count; c += 1)
    [lo[c], hi[c]] = bracketAround(
      grid,
      powers.map((row) => row[c] as number),
    )
  const best = yield* refineWork(work, workInputs, ch, lo, hi, QUICK, memory)
  return best.reduce((sum, point) => sum + point.powerW, 0)
}

/**
 * The most power the stack could deliver now by choosing its load(s): the model's own optimum for
 * MPPT tracking efficiency. A coarse log grid from 1 ohm to 100 kohm finds the peak's neighbourhood,
 * golden-section search refines it; with independent wiring every cell's load is optimised. The
 * stack is copied now (see polarizationSweepWork).
 */
export function maximumPowerWork(stack: Stack, inputs: StackInputs): Work<number> {
  return optimumOfClone(stack.clone('reduced'), cloneInputs(inputs))
}
