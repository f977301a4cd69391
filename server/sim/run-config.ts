import { z } from 'zod'
import { controllerConfigSchema } from './control/controller-config.js'
import {
  literatureFeedLPerDay,
  literatureInitialState,
  nominalCellParameters,
  type CellParameters,
} from './parameters.js'

/*
 * The run configuration: one zod document describing a whole run (stack, cells, feed, load,
 * controller, fault schedule, sensors, seed, duration). Every field has a default, so `{}` is the
 * literature single cell. Invalid input is rejected with the path of the bad field.
 */

const positive = z.number().positive()
const timeS = z.number().nonnegative()

const parameterOverrides = z
  .object(
    Object.fromEntries(Object.keys(nominalCellParameters).map((key) => [key, positive.optional()])) as Record<
      keyof CellParameters,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict()

const initialState = z
  .object({
    substrateMgL: z.number().nonnegative().default(literatureInitialState.substrateMgL),
    anodophilicMgL: z.number().nonnegative().default(literatureInitialState.anodophilicMgL),
    methanogenicMgL: z.number().nonnegative().default(literatureInitialState.methanogenicMgL),
    oxidisedMediatorMgMPerMgX: z
      .number()
      .nonnegative()
      .max(nominalCellParameters.mTotalMgMPerMgX)
      .default(literatureInitialState.oxidisedMediatorMgMPerMgX),
  })
  .strict()

/** An instrument's imperfections, in the channel's own unit (V, A, mg/L, K). */
const sensorSchema = z
  .object({
    noiseStd: z.number().nonnegative().default(0),
    driftPerDay: z.number().default(0),
    dropoutProbability: z.number().min(0).max(1).default(0),
    /** Dead time and first-order lag of the probe (a substrate probe is slow). */
    delayS: timeS.max(86_400).default(0),
    lagS: timeS.max(86_400).default(0),
  })
  .strict()

export const sensorChannels = ['voltage', 'current', 'substrate', 'temperature'] as const
export type SensorChannel = (typeof sensorChannels)[number]

const cellIndex = z.number().int().nonnegative()
const faultBase = { atS: timeS, durationS: positive.optional() }
/** Faults injected at run time (MFC_MODEL.md); `cell` absent = every cell. */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feed-pump-failure'), ...faultBase, cell: cellIndex.optional() }).strict(),
  z.object({ kind: z.literal('starvation'), ...faultBase, cell: cellIndex.optional() }).strict(),
  z
    .object({
      kind: z.literal('biofilm-loss'),
      atS: timeS,
      cell: cellIndex.optional(),
      fraction: z.number().gt(0).max(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sensor-stuck'),
      ...faultBase,
      channel: z.enum(sensorChannels),
      cell: cellIndex.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sensor-drift'),
      ...faultBase,
      channel: z.enum(sensorChannels),
      cell: cellIndex.optional(),
      ratePerDay: z.number(),
    })
    .strict(),
  z.object({ kind: z.literal('load-disconnect'), ...faultBase }).strict(),
  z.object({ kind: z.literal('temperature-step'), ...faultBase, deltaK: z.number().min(-50).max(50) }).strict(),
])
export type Fault = z.infer<typeof faultSchema>

const runConfigObject = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().max(200).default('run'),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    durationS: positive.max(3650 * 86_400).default(86_400),
    model: z.enum(['full', 'reduced']).default('full'),
    /** Integration step; the output and control rates are independent of it. */
    stepS: positive.max(600).default(60),
    /** Sample interval of headless runs (CSV rows, metric samples). */
    outputIntervalS: positive.max(86_400).default(600),
    stack: z
      .object({
        cells: z.number().int().min(1).max(256).default(1),
        wiring: z.enum(['series', 'parallel', 'series-parallel', 'independent']).default('series'),
        cellsPerString: z.number().int().min(1).optional(),
        feeding: z.enum(['parallel', 'cascade']).default('parallel'),
        /** Relative standard deviation of the per-cell parameter spread (seeded). */
        spread: z.number().min(0).max(0.3).default(0),
      })
      .strict()
      .prefault({}),
    cell: z
      .object({ parameters: parameterOverrides.prefault({}), initial: initialState.prefault({}) })
      .strict()
      .prefault({}),
    cells: z
      .array(
        z
          .object({
            index: cellIndex,
            parameters: parameterOverrides.optional(),
            initial: initialState.partial().optional(),
          })
          .strict(),
      )
      .default([]),
    feed: z
      .object({
        /** Feed flow per cell (parallel feeding) or through the cascade, L/d. */
        flowLPerDay: z.number().nonnegative().max(100).default(literatureFeedLPerDay),
        influentMgL: z.number().nonnegative().max(100_000).default(300),
        dosingMgPerDay: z.number().nonnegative().max(1e6).default(0),
        temperatureK: z.number().min(273.15).max(373.15).default(298.15),
        /** Influent strength over time (wastewater is not constant): from `atS` on, `influentMgL`. */
        influentSchedule: z
          .array(z.object({ atS: timeS, influentMgL: z.number().nonnegative().max(100_000) }).strict())
          .default([]),
      })
      .strict()
      .prefault({}),
    load: z
      .object({
        rExtOhm: positive.max(1e7).default(50),
        /** Each cell's own load with independent wiring (default: rExtOhm for every cell). */
        cellRExtOhm: z.array(positive.max(1e7)).optional(),
      })
      .strict()
      .prefault({}),
    controller: controllerConfigSchema.prefault({ kind: 'fixed' }),
    targets: z
      .object({
        substrateMgL: z
          .number()
          .nonnegative()
          .default(3 * 59.04),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        warmupS: timeS.default(86_400),
        /** How often the model's own maximum power point is recomputed for tracking efficiency; 0 = never. */
        optimumPeriodS: timeS.default(86_400),
      })
      .strict()
      .prefault({}),
    sensors: z
      .object({
        samplePeriodS: positive.max(86_400).default(60),
        voltage: sensorSchema.prefault({}),
        current: sensorSchema.prefault({}),
        substrate: sensorSchema.prefault({}),
        temperature: sensorSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    faults: z.array(faultSchema).default([]),
  })
  .strict()

type Issue = { path: PropertyKey[]; message: string }

/** Relations between fields that a per-field schema cannot see. */
function crossCheck(config: z.infer<typeof runConfigObject>): Issue[] {
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
  return issues
}

export const runConfigSchema = runConfigObject.superRefine((config, context) => {
  for (const issue of crossCheck(config)) context.addIssue({ code: 'custom', path: issue.path, message: issue.message })
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
