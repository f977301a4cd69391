import { z } from 'zod'
import { fitResultSchema, fitRequestSchema } from './twin.js'

/*
 * `POST /api/v1/twin/fit/series` (docs/twin.md "Time-series fit"): a cell's parameters from a voltage time
 * series with its load and feed history: a series file, samples, or a recorded run's cell.
 */

const seriesSampleSchema = z
  .object({
    timeS: z.number().finite(),
    /** null: an input-only sample (a load or feed change between measurements). */
    voltageV: z.number().finite().nullable(),
    /** null: open circuit. */
    rExtOhm: z.number().positive().max(1e9).nullable(),
    flowLPerDay: z.number().min(0).max(100),
    influentMgL: z.number().min(0).max(100_000).optional(),
    temperatureK: z.number().min(273.15).max(373.15).optional(),
  })
  .strict()
export type SeriesSampleBody = z.infer<typeof seriesSampleSchema>

const { fit, profile, parameters, voltageResolutionV } = fitRequestSchema.shape

export const seriesFitRequestSchema = z
  .object({
    samples: z.array(seriesSampleSchema).min(2).max(20_000).optional(),
    /** A series file: time_s,voltage_V,r_ext_ohm,flow_L_per_day[,influent_mg_L][,temperature_K]. */
    csv: z.string().min(1).max(5_000_000).optional(),
    /** A recorded run's cell (`cell` 1..N), read back at `points` history buckets. */
    runId: z.string().min(1).max(100).optional(),
    cell: z.number().int().min(1).max(1024).default(1),
    points: z.number().int().min(20).max(5000).default(1000),
    /** The influent where the data does not say it (a simulated run's configuration does). */
    s0MgL: z.number().min(0).max(100_000).optional(),
    temperatureK: z.number().min(273.15).max(373.15).default(298.15),
    ...{ fit, profile, parameters, voltageResolutionV },
  })
  .strict()
  .refine((body) => [body.samples, body.csv, body.runId].filter((given) => given !== undefined).length === 1, {
    message: 'give one of samples, csv or runId',
    path: ['samples'],
  })
export type SeriesFitRequestBody = z.infer<typeof seriesFitRequestSchema>

export const seriesFitResultSchema = fitResultSchema.omit({ points: true, curve: true }).extend({
  /** The data against the fitted model at every sample; null where a sample has no measurement. */
  series: z.object({
    timeS: z.array(z.number()),
    measuredV: z.array(z.number().nullable()),
    modelV: z.array(z.number()),
  }),
})
export type SeriesFitResultView = z.infer<typeof seriesFitResultSchema>
