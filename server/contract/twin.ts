import { z } from 'zod'
import { alarmSeverities } from './alarms.js'

/*
 * The digital twin (docs/twin.md): parameter estimation, cell profiles, the twin run beside a run,
 * replay of a recorded run and "what if". Parameter names are the engine's (eMaxV, rMaxOhm, ...); the
 * station checks them and their ranges (`GET /api/v1/twin/parameters` lists them).
 */

const parameterName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/, 'a parameter name such as eMaxV')
/** A parameter set by name; the station checks names and physical ranges. */
export const parameterValuesSchema = z.record(parameterName, z.number().finite())
export const profileNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,63}$/, 'letters, digits, spaces, dots, dashes and underscores, up to 64')

export const parameterInfoSchema = z.object({
  name: z.string(),
  unit: z.string(),
  nominal: z.number(),
  min: z.number(),
  max: z.number(),
})
export const parameterListSchema = z.object({ parameters: z.array(parameterInfoSchema) })
export type ParameterInfo = z.infer<typeof parameterInfoSchema>

export const fitPointSchema = z
  .object({ rExtOhm: z.number().positive(), voltageV: z.number().finite(), currentA: z.number().finite() })
  .strict()

/** `POST /api/v1/twin/fit`: the API form of `mfc-station twin fit`. */
export const fitRequestSchema = z
  .object({
    /** Steady-state points in the order they were measured; or `csv` with r_ext_ohm,voltage_V,current_A. */
    points: z.array(fitPointSchema).min(2).max(1000).optional(),
    csv: z.string().min(1).max(1_000_000).optional(),
    s0MgL: z.number().min(0).max(100_000),
    flowLPerDay: z.number().min(0).max(100),
    temperatureK: z.number().min(273.15).max(373.15).default(298.15),
    fit: z.array(parameterName).min(1).max(12),
    biofilm: z.enum(['steady', 'held']).default('steady'),
    /** With `held`: the load the biofilm grew at. */
    grownAtOhm: z.number().positive().max(1e7).optional(),
    /** Start and held values: a saved profile's, then these (default the engine's nominal set). */
    profile: profileNameSchema.optional(),
    parameters: parameterValuesSchema.optional(),
    voltageResolutionV: z.number().positive().max(1).optional(),
  })
  .strict()
  .refine((body) => (body.points === undefined) !== (body.csv === undefined), {
    message: 'give either points or csv',
    path: ['points'],
  })
  .refine((body) => body.biofilm !== 'held' || body.grownAtOhm !== undefined, {
    message: 'a held biofilm needs grownAtOhm, the load it grew at',
    path: ['grownAtOhm'],
  })
export type FitRequestBody = z.infer<typeof fitRequestSchema>

const curvePoint = z.object({ rExtOhm: z.number(), voltageV: z.number(), currentA: z.number(), powerW: z.number() })

export const fitResultSchema = z.object({
  /** Fitted values; null for a parameter the data cannot identify. */
  parameters: z.record(z.string(), z.number().nullable()),
  ci95: z.record(z.string(), z.tuple([z.number(), z.number()]).nullable()),
  identifiable: z.record(z.string(), z.boolean()),
  notIdentifiable: z.record(z.string(), z.object({ reason: z.string(), heldAt: z.number() })),
  standardErrors: z.record(z.string(), z.number()),
  correlations: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  rmse: z.number(),
  residualStdV: z.number(),
  degreesOfFreedom: z.number().int(),
  /** The whole parameter set of the fitted model: what "save as profile" stores. */
  cellParameters: z.record(z.string(), z.number()),
  points: z.array(
    z.object({
      rExtOhm: z.number(),
      voltageV: z.number(),
      currentA: z.number(),
      powerW: z.number(),
      model: z.object({ voltageV: z.number(), currentA: z.number(), powerW: z.number() }),
      residualV: z.number(),
    }),
  ),
  curve: z.array(curvePoint),
  iterations: z.number().int(),
  evaluations: z.number().int(),
  elapsedMs: z.number(),
})
export type FitResultView = z.infer<typeof fitResultSchema>

/** What a profile was made from: a fit (with its conditions and quality) or entered by hand. */
export const profileOriginSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fit'),
    rmse: z.number(),
    fitted: z.array(z.string()),
    notIdentifiable: z.array(z.string()),
    s0MgL: z.number(),
    flowLPerDay: z.number(),
    biofilm: z.enum(['steady', 'held']),
  }),
  z.object({
    kind: z.literal('series-fit'),
    rmse: z.number(),
    fitted: z.array(z.string()),
    notIdentifiable: z.array(z.string()),
    samples: z.number().int(),
  }),
  z.object({ kind: z.literal('manual') }),
])

/** `PUT /api/v1/twin/profiles/:name`: parameters over the nominal set (every one stored). */
export const profileInputSchema = z
  .object({
    description: z.string().max(500).default(''),
    parameters: parameterValuesSchema,
    origin: profileOriginSchema.default({ kind: 'manual' }),
  })
  .strict()
export type ProfileInput = z.infer<typeof profileInputSchema>

export const cellProfileSchema = z.object({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.number()),
  origin: profileOriginSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
})
export type CellProfile = z.infer<typeof cellProfileSchema>
export const profileListSchema = z.object({ profiles: z.array(cellProfileSchema) })

/** `POST /api/v1/twin/profiles/:name/apply`: copy the profile into the run config (every cell, or some). */
export const profileApplySchema = z
  .object({ cells: z.array(z.number().int().min(0).max(1023)).min(1).max(1024).optional() })
  .strict()
export const profileAppliedSchema = z.object({ restartRequired: z.boolean(), patch: z.record(z.string(), z.unknown()) })

/** Which model the twin runs: a saved profile for every cell, or the running simulation's own cells. */
export const twinModelSchema = z.union([
  z.object({ profile: profileNameSchema }).strict(),
  z.object({ source: z.literal('run') }).strict(),
])

const stackLayoutSchema = z
  .object({
    wiring: z.enum(['series', 'parallel', 'series-parallel', 'independent']),
    cellsPerString: z.number().int().min(1).max(512).optional(),
    feeding: z.enum(['parallel', 'cascade']).default('parallel'),
  })
  .strict()

/** `POST /api/v1/twin/start`: follow the running source. */
export const twinStartSchema = z
  .object({
    model: twinModelSchema,
    /** Substrate in the feed (mg/L): telemetry does not carry it; default the run config's. */
    influentMgL: z.number().min(0).max(100_000).optional(),
    /** How the cells are wired; default the run config's. */
    stack: stackLayoutSchema.optional(),
    /** Residual band (V, per cell) and its delays in process seconds, as an alarm rule's. */
    bandV: z.number().positive().max(10).default(0.05),
    deadbandV: z.number().min(0).max(10).default(0.01),
    onDelayS: z.number().min(0).max(2_592_000).default(600),
    offDelayS: z.number().min(0).max(2_592_000).default(600),
    severity: z.enum(alarmSeverities).default('medium'),
  })
  .strict()
  .refine((body) => body.deadbandV < body.bandV, { message: 'deadbandV must be below bandV', path: ['deadbandV'] })
export type TwinStartRequest = z.infer<typeof twinStartSchema>

/** A measured value the source did not report (an offline instrument) is null, and so is its residual. */
const twinCellSchema = z.object({
  measuredV: z.number().nullable(),
  modelV: z.number(),
  residualV: z.number().nullable(),
  alarm: z.boolean(),
})

export const twinStatusSchema = z.object({
  state: z.enum(['off', 'waiting', 'following']),
  runId: z.string().nullable(),
  model: z.string().nullable(),
  band: z.object({ bandV: z.number(), deadbandV: z.number(), onDelayS: z.number(), offDelayS: z.number() }).nullable(),
  simTimeS: z.number().nullable(),
  frames: z.number().int(),
  stack: z
    .object({
      measuredV: z.number().nullable(),
      modelV: z.number(),
      measuredW: z.number().nullable(),
      modelW: z.number(),
    })
    .nullable(),
  cells: z.array(twinCellSchema),
  rmsResidualV: z.number().nullable(),
})
export type TwinStatus = z.infer<typeof twinStatusSchema>

export const profileNameParamsSchema = z.object({ name: profileNameSchema })

/** `GET /api/v1/twin/series`: the stack, or one cell, thinned to `points` samples. */
export const twinSeriesQuerySchema = z
  .object({
    cell: z.coerce.number().int().min(0).max(1023).optional(),
    points: z.coerce.number().int().min(2).max(10_000).default(500),
  })
  .strict()

/** Measured and modelled side by side over time: the stack, or one cell (`?cell=`). */
export const twinSeriesSchema = z.object({
  cell: z.number().int().nullable(),
  timeS: z.array(z.number()),
  /** null where the source did not report the value. */
  measuredV: z.array(z.number().nullable()),
  modelV: z.array(z.number()),
  measuredW: z.array(z.number().nullable()),
  modelW: z.array(z.number()),
})
export type TwinSeries = z.infer<typeof twinSeriesSchema>

/** `POST /api/v1/twin/replay`: the twin run over a recorded run's history. */
export const twinReplaySchema = z
  .object({
    runId: z.string().min(1).max(64).optional(),
    model: twinModelSchema,
    influentMgL: z.number().min(0).max(100_000).optional(),
    stack: stackLayoutSchema.optional(),
    points: z.number().int().min(10).max(10_000).default(1000),
    bandV: z.number().positive().max(10).default(0.05),
  })
  .strict()

export const twinReplayResultSchema = z.object({
  runId: z.string(),
  series: twinSeriesSchema,
  cells: z.array(z.object({ rmsResidualV: z.number(), maxResidualV: z.number(), outsideBandPct: z.number() })),
})
export type TwinReplayResult = z.infer<typeof twinReplayResultSchema>

/** A timed change of the inputs the twin is given: a procedure. */
const procedureStepSchema = z
  .object({
    atS: z.number().min(0),
    rExtOhm: z.number().min(1e-3).max(1e7).optional(),
    flowLPerDay: z.number().min(0).max(100).optional(),
    influentMgL: z.number().min(0).max(100_000).optional(),
  })
  .strict()

/** A controller (as the run config's `controller`) and/or a procedure of timed input changes. */
export const whatIfPlanSchema = z
  .object({
    label: z.string().min(1).max(80).optional(),
    controller: z.object({ kind: z.string() }).loose().optional(),
    procedure: z.array(procedureStepSchema).max(1000).optional(),
  })
  .strict()

/** `POST /api/v1/twin/what-if`: plans run on the twin from its current state, at full speed. */
export const whatIfRequestSchema = z
  .object({
    horizonS: z
      .number()
      .min(600)
      .max(30 * 86_400),
    candidate: whatIfPlanSchema,
    /** Default: the controller the run has now. */
    baseline: whatIfPlanSchema.optional(),
    points: z.number().int().min(10).max(2000).default(200),
  })
  .strict()
export type WhatIfRequest = z.infer<typeof whatIfRequestSchema>

export const whatIfOutcomeSchema = z.object({
  label: z.string(),
  controller: z.string(),
  energyJ: z.number(),
  meanPowerW: z.number(),
  finalPowerW: z.number(),
  minCellVoltageV: z.number(),
  /** Cell-hours below 0 V. */
  reversalCellHours: z.number(),
  coulombicEfficiencyPct: z.number().nullable(),
  timeS: z.array(z.number()),
  powerW: z.array(z.number()),
  voltageV: z.array(z.number()),
})
export type WhatIfOutcome = z.infer<typeof whatIfOutcomeSchema>

export const whatIfResultSchema = z.object({
  fromSimTimeS: z.number(),
  horizonS: z.number(),
  candidate: whatIfOutcomeSchema,
  baseline: whatIfOutcomeSchema,
  elapsedMs: z.number(),
})
export type WhatIfResult = z.infer<typeof whatIfResultSchema>
