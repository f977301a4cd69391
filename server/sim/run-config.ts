import { z } from 'zod'
import {
  cellIndex,
  concentrationMgL,
  dosingMgPerDay,
  durationS,
  feedLPerDay,
  instantS,
  MAX_CELLS,
  MAX_DELAYED_SAMPLES,
  MAX_RUN_S,
  MAX_SCHEDULED,
  periodS,
  resistanceOhm,
  temperatureK,
} from './bounds.js'
import { controllerConfigSchema } from './control/controller-config.js'
import { STACK_WIRINGS } from './control/q-policy.js'
import { parameterOverridesSchema } from './parameter-bounds.js'
import { literatureFeedLPerDay } from './parameters.js'
import { printableName } from './printable-text.js'
import { faultSchema, initialStateSchema, sensorChannels, sensorSchema } from './run-config-parts.js'

/*
 * The run configuration: one zod document describing a whole run (stack, cells, feed, load,
 * controller, fault schedule, sensors, seed, duration). Every field has a default, so `{}` is the
 * literature single cell, and a physical bound (bounds.ts). Invalid input is rejected with the path
 * of the bad field.
 */

/** The tracking optimum is a steady-state search of the whole stack: more often than every 10 min buys a metric nothing. */
const MIN_OPTIMUM_PERIOD_S = 600

const stackSchema = z
  .object({
    cells: z.number().int().min(1).max(MAX_CELLS).default(1),
    wiring: z.enum(STACK_WIRINGS).default('series'),
    cellsPerString: z.number().int().min(1).max(MAX_CELLS).optional(),
    feeding: z.enum(['parallel', 'cascade']).default('parallel'),
    /** Relative standard deviation of the per-cell parameter spread (seeded); a draw is clipped at 3 sigma. */
    spread: z.number().min(0).max(0.3).default(0),
  })
  .strict()

const feedSchema = z
  .object({
    /** Feed flow per cell (parallel feeding) or through the cascade, L/d. */
    flowLPerDay: feedLPerDay.default(literatureFeedLPerDay),
    influentMgL: concentrationMgL.default(300),
    dosingMgPerDay: dosingMgPerDay.default(0),
    temperatureK: temperatureK.default(298.15),
    /** Influent strength over time (wastewater is not constant): from `atS` on, `influentMgL`. */
    influentSchedule: z
      .array(z.object({ atS: instantS, influentMgL: concentrationMgL }).strict())
      .max(MAX_SCHEDULED)
      .default([]),
  })
  .strict()

const runConfigObject = z
  .object({
    version: z.literal(1).default(1),
    name: printableName(200).default('run'),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    durationS: durationS.default(86_400),
    model: z.enum(['full', 'reduced']).default('full'),
    /**
     * Integration step; the output and control rates are independent of it. From 0.1 ms (a tenth of
     * the mediator's millisecond time constant, which the implicit step resolves anyway) to 10 min
     * (Heun's method on the substrate stays within 0.1 % of a fine reference at 60 s, stack.test.ts).
     */
    stepS: z.number().min(1e-4).max(600).default(60),
    /** Sample interval of headless runs (CSV rows, metric samples). */
    outputIntervalS: periodS.default(600),
    stack: stackSchema.prefault({}),
    cell: z
      .object({ parameters: parameterOverridesSchema.prefault({}), initial: initialStateSchema.prefault({}) })
      .strict()
      .prefault({}),
    cells: z
      .array(
        z
          .object({
            index: cellIndex,
            parameters: parameterOverridesSchema.optional(),
            initial: initialStateSchema.partial().optional(),
          })
          .strict(),
      )
      .max(MAX_CELLS)
      .default([]),
    feed: feedSchema.prefault({}),
    load: z
      .object({
        rExtOhm: resistanceOhm.default(50),
        /** Each cell's own load with independent wiring (default: rExtOhm for every cell). */
        cellRExtOhm: z.array(resistanceOhm).max(MAX_CELLS).optional(),
      })
      .strict()
      .prefault({}),
    controller: controllerConfigSchema.prefault({ kind: 'fixed' }),
    targets: z
      .object({ substrateMgL: concentrationMgL.default(3 * 59.04) })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        warmupS: instantS.default(86_400),
        /** How often the model's own maximum power point is recomputed for tracking efficiency; 0 = never. */
        optimumPeriodS: z.number().min(0).max(MAX_RUN_S).default(86_400),
      })
      .strict()
      .prefault({}),
    sensors: z
      .object({
        samplePeriodS: periodS.default(60),
        voltage: sensorSchema.prefault({}),
        current: sensorSchema.prefault({}),
        substrate: sensorSchema.prefault({}),
        temperature: sensorSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    faults: z.array(faultSchema).max(MAX_SCHEDULED).default([]),
  })
  .strict()

type Issue = { path: PropertyKey[]; message: string }
type ParsedFields = z.infer<typeof runConfigObject>

/** Relations between the stack's fields that a per-field schema cannot see. */
function crossCheckStack(config: ParsedFields): Issue[] {
  const issues: Issue[] = []
  const { cells, wiring, cellsPerString } = config.stack
  if (wiring === 'series-parallel') {
    if (cellsPerString === undefined)
      issues.push({ path: ['stack', 'cellsPerString'], message: 'required for series-parallel wiring' })
    else if (cells % cellsPerString !== 0)
      issues.push({ path: ['stack', 'cellsPerString'], message: `must divide the cell count (${cells})` })
  }
  const seen = new Set<number>()
  config.cells.forEach((cell, i) => {
    if (cell.index >= cells)
      issues.push({ path: ['cells', i, 'index'], message: `no cell ${cell.index} in a ${cells}-cell stack` })
    if (seen.has(cell.index))
      issues.push({ path: ['cells', i, 'index'], message: `cell ${cell.index} is configured twice` })
    seen.add(cell.index)
  })
  if (config.load.cellRExtOhm !== undefined && config.load.cellRExtOhm.length !== cells)
    issues.push({ path: ['load', 'cellRExtOhm'], message: `needs one value per cell (${cells})` })
  config.faults.forEach((fault, i) => {
    if ('cell' in fault && fault.cell !== undefined && fault.cell >= cells)
      issues.push({ path: ['faults', i, 'cell'], message: `no cell ${fault.cell} in a ${cells}-cell stack` })
  })
  const controller = config.controller
  if (controller.kind === 'mppt' && controller.scope === 'cell' && wiring !== 'independent')
    issues.push({
      path: ['controller', 'scope'],
      message: 'per-cell MPPT needs independent wiring (each cell on its own load)',
    })
  const trained = controller.kind === 'qlearning' ? controller.policy.training.stack : undefined
  if (trained && (trained.cells !== cells || trained.wiring !== wiring))
    issues.push({
      path: ['controller', 'policy', 'training', 'stack'],
      message: `the policy was trained for a ${trained.cells}-cell ${trained.wiring} stack, this run is a ${cells}-cell ${wiring} stack`,
    })
  return issues
}

/** Relations between periods: the optimum's period, and how many samples a probe's dead time holds. */
function crossCheckTiming(config: ParsedFields): Issue[] {
  const issues: Issue[] = []
  const optimumPeriodS = config.metrics.optimumPeriodS
  if (optimumPeriodS !== 0 && optimumPeriodS < MIN_OPTIMUM_PERIOD_S)
    issues.push({
      path: ['metrics', 'optimumPeriodS'],
      message: `must be 0 (never) or at least ${MIN_OPTIMUM_PERIOD_S} s`,
    })
  const samplePeriodS = config.sensors.samplePeriodS
  for (const channel of sensorChannels)
    if (config.sensors[channel].delayS / samplePeriodS > MAX_DELAYED_SAMPLES)
      issues.push({
        path: ['sensors', channel, 'delayS'],
        message: `holds at most ${MAX_DELAYED_SAMPLES} samples: at most ${MAX_DELAYED_SAMPLES * samplePeriodS} s at a ${samplePeriodS} s sample period`,
      })
  return issues
}

export const runConfigSchema = runConfigObject.superRefine((config, context) => {
  for (const issue of [...crossCheckStack(config), ...crossCheckTiming(config)])
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})

export type RunConfig = z.infer<typeof runConfigSchema>
export type RunConfigInput = z.input<typeof runConfigSchema>

/** A field path as an operator writes it: `faults[2].cell`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  )
}

/** Invalid run configuration: every problem with the path of its field; the message names the first. */
export class RunConfigError extends Error {
  override name = 'RunConfigError'
  constructor(readonly issues: ReadonlyArray<{ path: string; message: string }>) {
    const first = issues[0]
    super(
      first
        ? `invalid run config: ${first.path || '(root)'}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
        : 'invalid run config',
    )
  }
}

/** Validates a run configuration document; throws RunConfigError naming each bad field. */
export function parseRunConfig(input: unknown): RunConfig {
  const result = runConfigSchema.safeParse(input)
  if (result.success) return result.data
  throw new RunConfigError(
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Deep merge for partial updates: objects merge key by key, arrays and scalars replace, and an object
 * with a different `kind` (another controller) replaces the old one instead of mixing their settings.
 */
export function mergeConfig(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch
  if ('kind' in patch && patch.kind !== base.kind) return patch
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) merged[key] = mergeConfig(base[key], value)
  return merged
}
