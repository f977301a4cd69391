import { z } from 'zod'

/*
 * Lab analyses (docs/twin.md): polarization analysis of any curve, coulombic efficiency and COD removal,
 * and the internal resistance tracked online. Requests are validated with these schemas at the edge;
 * answers are what the UI validates.
 */

const finite = z.number().finite()
const positive = z.number().positive().finite()
/** A curve or a series of at most this many points: a day of 1 s samples. */
export const MAX_SERIES_POINTS = 100_000

export const curvePointSchema = z.object({ voltageV: finite, currentA: finite, rExtOhm: positive.optional() }).strict()
export type CurvePointInput = z.infer<typeof curvePointSchema>

/** An exported potentiostat file as text, and how to read its columns where detection is not enough. */
export const curveFileSchema = z
  .object({
    text: z.string().min(1).max(20_000_000),
    format: z.enum(['auto', 'ec-lab', 'gamry', 'csv']).default('auto'),
    voltageColumn: z.string().min(1).max(100).optional(),
    currentColumn: z.string().min(1).max(100).optional(),
    resistanceColumn: z.string().min(1).max(100).optional(),
    voltageUnit: z.enum(['V', 'mV']).optional(),
    currentUnit: z.enum(['A', 'mA', 'uA', 'nA']).optional(),
  })
  .strict()
export type CurveFileInput = z.infer<typeof curveFileSchema>

/** `POST /api/v1/analyses/polarization`: points or a file, and the cell's size for the densities. */
export const polarizationRequestSchema = z
  .object({
    points: z.array(curvePointSchema).min(3).max(MAX_SERIES_POINTS).optional(),
    file: curveFileSchema.optional(),
    /** Projected anode area, cm2 (power density per area). */
    anodeAreaCm2: positive.max(1e8).optional(),
    /** Anode (or reactor) liquid volume, mL (power density per volume). */
    volumeMl: positive.max(1e10).optional(),
  })
  .strict()
  .refine((body) => (body.points === undefined) !== (body.file === undefined), {
    message: 'give either points or file',
    path: ['points'],
  })
export type PolarizationRequest = z.infer<typeof polarizationRequestSchema>

const nullableNumber = z.number().nullable()

export const polarizationAnalysisSchema = z.object({
  points: z.number().int(),
  order: z.enum(['resistance', 'voltage']),
  openCircuit: z.object({ voltageV: z.number(), method: z.enum(['measured', 'extrapolated']) }),
  maximumPower: z.object({ powerW: z.number(), voltageV: z.number(), currentA: z.number(), rExtOhm: z.number() }),
  internalResistance: z.object({
    ohmicSlopeOhm: nullableNumber,
    ohmicRegion: z
      .object({
        fromCurrentA: z.number(),
        toCurrentA: z.number(),
        points: z.number().int(),
        rSquared: z.number(),
        interceptV: z.number(),
      })
      .nullable(),
    atMaximumPowerOhm: z.number(),
  }),
  density: z.object({
    maxPowerWPerM2: nullableNumber,
    maxPowerWPerM3: nullableNumber,
    maxCurrentAPerM2: nullableNumber,
    maxCurrentAPerM3: nullableNumber,
  }),
  overshoot: z.object({ detected: z.boolean(), currentDropPct: z.number(), atIndex: z.number().int().nullable() }),
  curve: z.array(
    z.object({ voltageV: z.number(), currentA: z.number(), powerW: z.number(), rExtOhm: z.number().nullable() }),
  ),
  /** How an imported file was read. */
  import: z
    .object({
      format: z.enum(['ec-lab', 'gamry', 'csv']),
      columns: z.object({ voltage: z.string(), current: z.string(), resistance: z.string().nullable() }),
      units: z.object({ voltage: z.string(), current: z.string() }),
      currentSignFlipped: z.boolean(),
    })
    .optional(),
})
export type PolarizationAnalysisView = z.infer<typeof polarizationAnalysisSchema>

const cycleSchema = z
  .object({
    startS: z.number().min(0),
    endS: z.number().min(0),
    codInMgL: z.number().min(0).max(1e6).optional(),
    codOutMgL: z.number().min(0).max(1e6).optional(),
  })
  .strict()
  .refine((cycle) => cycle.startS < cycle.endS, { message: 'startS must be below endS', path: ['startS'] })

/** A series given with the request: times (s, rising) and currents (A), voltages for cycle detection. */
const seriesSchema = z
  .object({
    timeS: z.array(finite).min(2).max(MAX_SERIES_POINTS),
    currentA: z.array(finite).min(2).max(MAX_SERIES_POINTS),
    voltageV: z.array(finite).min(2).max(MAX_SERIES_POINTS).optional(),
  })
  .strict()
  .refine((s) => s.currentA.length === s.timeS.length && (s.voltageV?.length ?? s.timeS.length) === s.timeS.length, {
    message: 'timeS, currentA and voltageV need one value each per sample',
    path: ['currentA'],
  })
  .refine((s) => s.timeS.every((t, i) => i === 0 || t > (s.timeS[i - 1] as number)), {
    message: 'timeS must rise',
    path: ['timeS'],
  })

/** A recorded run's telemetry: one cell (index from 0) or, without `cell`, every cell together. */
const runSourceSchema = z
  .object({
    runId: z.string().min(1).max(64).optional(),
    fromS: z.number().min(0).optional(),
    toS: z.number().min(0).optional(),
    cell: z.number().int().min(0).max(1023).optional(),
  })
  .strict()

/** A current time series exported as text (docs/twin.md "Coulombic efficiency and COD removal"): columns by name or named. */
export const seriesFileSchema = z
  .object({
    text: z.string().min(1).max(20_000_000),
    format: z.enum(['auto', 'ec-lab', 'gamry', 'csv']).default('auto'),
    timeColumn: z.string().min(1).max(100).optional(),
    currentColumn: z.string().min(1).max(100).optional(),
    voltageColumn: z.string().min(1).max(100).optional(),
    currentUnit: z.enum(['A', 'mA', 'uA', 'nA']).optional(),
  })
  .strict()
export type SeriesFileInput = z.infer<typeof seriesFileSchema>

/** `POST /api/v1/analyses/coulombic`. */
export const coulombicRequestSchema = z
  .object({
    mode: z.enum(['batch', 'continuous']),
    series: seriesSchema.optional(),
    run: runSourceSchema.optional(),
    file: seriesFileSchema.optional(),
    /** Anode liquid volume (L) for batch mode; default the run's anodeVolumeL. */
    anodeVolumeL: positive.max(1e4).optional(),
    /** Batch: detected from the voltage trace (default) or marked by hand. */
    cycles: z.union([z.literal('detect'), z.array(cycleSchema).min(1).max(10_000)]).default('detect'),
    /** COD in and out (mg/L): every cycle's default in batch mode, the period's in continuous mode. */
    codInMgL: z.number().min(0).max(1e6).optional(),
    codOutMgL: z.number().min(0).max(1e6).optional(),
    /** Continuous mode with a given series: the feed flow (L/d). */
    flowLPerDay: z.number().positive().max(1e6).optional(),
  })
  .strict()
  .refine((body) => [body.series, body.run, body.file].filter((given) => given !== undefined).length === 1, {
    message: 'give one of series, run or file',
    path: ['series'],
  })
export type CoulombicRequest = z.infer<typeof coulombicRequestSchema>

const cycleResultSchema = z.object({
  startS: z.number(),
  endS: z.number(),
  chargeC: z.number(),
  codRemovedMg: nullableNumber,
  codRemovalPct: nullableNumber,
  coulombicEfficiencyPct: nullableNumber,
})

export const coulombicResultSchema = z.object({
  mode: z.enum(['batch', 'continuous']),
  /** `entered`: COD values from the request; `feed`: influent and effluent substrate of the run, as COD. */
  codSource: z.enum(['entered', 'feed', 'none']),
  cycles: z.array(cycleResultSchema),
  total: cycleResultSchema.omit({ startS: true, endS: true }),
})
export type CoulombicResult = z.infer<typeof coulombicResultSchema>

export const onlineEstimateSchema = z.object({
  internalOhm: nullableNumber,
  openCircuitV: nullableNumber,
  /** Load steps the estimate is the median of (at most 9). */
  steps: z.number().int(),
  lastAtS: nullableNumber,
})
export type OnlineEstimate = z.infer<typeof onlineEstimateSchema>

/** `GET /api/v1/analyses/online`: R_int and OCV from the controller's load steps, per cell and for the stack. */
export const onlineResistanceSchema = z.object({
  runId: z.string().nullable(),
  stack: onlineEstimateSchema,
  cells: z.array(onlineEstimateSchema),
})
export type OnlineResistance = z.infer<typeof onlineResistanceSchema>
