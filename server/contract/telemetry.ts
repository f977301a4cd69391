import { z } from 'zod'
import { controllerKinds } from './simulation.js'
import { eventMessageSchema, telemetrySources } from './stream.js'

/*
 * Recorded telemetry: runs, history (server-side downsampled) and CSV export. History times are a
 * run's simulated seconds; each point of a series is one bucket's min, mean and max.
 */

/** Channels history can return: per-cell values, and stack totals prefixed `stack.`. */
export const historyCellChannels = [
  'voltageV',
  'currentA',
  'powerW',
  'substrateMgL',
  'anodeLossV',
  'internalOhm',
] as const
export const historyStackChannels = [
  'stack.voltageV',
  'stack.currentA',
  'stack.powerW',
  'stack.loadOhm',
  'stack.feedLPerDay',
  'stack.temperatureK',
  /** What the stack really got after faults, beside the commanded load and feed above. */
  'stack.loadActualOhm',
  'stack.feedActualLPerDay',
  /** Measured on hardware only (docs/control.md "pH"). */
  'stack.ph',
] as const
export const historyChannels = [...historyCellChannels, ...historyStackChannels] as const
export type HistoryChannel = (typeof historyChannels)[number]

/** Units of every channel, as written in CSV headers and history answers. */
export const channelUnits: Record<HistoryChannel, string> = {
  voltageV: 'V',
  currentA: 'A',
  powerW: 'W',
  substrateMgL: 'mg/L',
  anodeLossV: 'V',
  internalOhm: 'ohm',
  'stack.voltageV': 'V',
  'stack.currentA': 'A',
  'stack.powerW': 'W',
  'stack.loadOhm': 'ohm',
  'stack.feedLPerDay': 'L/day',
  'stack.temperatureK': 'K',
  'stack.loadActualOhm': 'ohm',
  'stack.feedActualLPerDay': 'L/day',
  'stack.ph': 'pH',
}

/** A quantity as CSV columns name it: a channel without its `stack.` prefix. */
export type CsvQuantity = HistoryChannel extends infer C ? (C extends `stack.${infer Q}` ? Q : C) : never

/** Each quantity's CSV stem with its SI unit (docs/operator-ui.md "Exports"), shared by the run CSV and the UI's. */
export const csvQuantityNames: Record<CsvQuantity, string> = {
  voltageV: 'voltage_V',
  currentA: 'current_A',
  powerW: 'power_W',
  substrateMgL: 'substrate_mg_per_L',
  anodeLossV: 'anode_loss_V',
  internalOhm: 'internal_ohm',
  loadOhm: 'load_ohm',
  feedLPerDay: 'feed_L_per_day',
  temperatureK: 'temperature_K',
  loadActualOhm: 'load_actual_ohm',
  feedActualLPerDay: 'feed_actual_L_per_day',
  ph: 'pH',
}

/** The quantity of a history channel (`stack.loadOhm` -> `loadOhm`). */
export const csvQuantityOf = (channel: HistoryChannel): CsvQuantity => channel.replace(/^stack\./, '') as CsvQuantity

/** One CSV column name, cells numbered from 1 as on screen: `cell1_voltage_V`, `stack_load_ohm`. */
export function csvColumnName(cell: number | 'stack', quantity: CsvQuantity): string {
  return `${cell === 'stack' ? 'stack' : `cell${cell + 1}`}_${csvQuantityNames[quantity]}`
}

/** A comma-separated query value as a list of its non-empty parts. */
const csvList = z
  .string()
  .max(2000)
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )

/** `GET /api/v1/telemetry/history` query: a run (default the current one), a range, cells, channels, resolution. */
export const historyQuerySchema = z
  .object({
    runId: z.string().min(1).max(64).optional(),
    /** Simulated seconds from the run's start; defaults to the whole run. */
    from: z.coerce.number().nonnegative().optional(),
    to: z.coerce.number().nonnegative().optional(),
    /** Comma-separated cell indices; default every cell. */
    cells: csvList
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^\d{1,4}$/, 'cell indices are integers')
              .transform(Number)
              .pipe(z.number().max(1023)),
          )
          .max(1024),
      )
      .optional(),
    /** Comma-separated channels; default voltageV,powerW,stack.powerW. */
    channels: csvList.pipe(z.array(z.enum(historyChannels)).max(historyChannels.length)).optional(),
    /** At most this many points per series (the server downsamples). */
    points: z.coerce.number().int().min(2).max(10_000).default(1000),
  })
  .strict()
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: 'from must be below to',
    path: ['from'],
  })
export type HistoryQuery = z.infer<typeof historyQuerySchema>

export const historySeriesSchema = z.object({
  /** Cell index, or null for a stack channel. */
  cell: z.number().int().nullable(),
  channel: z.enum(historyChannels),
  unit: z.string(),
  /** Columns of equal length: bucket time (mean simulated seconds of its samples), min, mean, max, sample count. */
  t: z.array(z.number()),
  min: z.array(z.number()),
  mean: z.array(z.number()),
  max: z.array(z.number()),
  n: z.array(z.number().int()),
})
export type HistorySeries = z.infer<typeof historySeriesSchema>

export const historyResponseSchema = z.object({
  runId: z.string(),
  fromS: z.number(),
  toS: z.number(),
  /** Width of one point in simulated seconds. */
  bucketS: z.number(),
  /** raw: computed from every recorded frame; rollup: from the 5 s or 60 s min/mean/max buckets (which also outlive retention). */
  source: z.enum(['raw', 'rollup']),
  series: z.array(historySeriesSchema),
})
export type HistoryResponse = z.infer<typeof historyResponseSchema>

export const runSummarySchema = z.object({
  runId: z.string(),
  /** Simulated or measured: an operator never mistakes one for the other. */
  source: z.enum(telemetrySources),
  name: z.string(),
  seed: z.number().int(),
  controller: z.enum(controllerKinds),
  cells: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** stopped / finished / replaced (a reset started another) / interrupted (the station ended mid-run); null while recording. */
  endState: z.string().nullable(),
  frames: z.number().int(),
  lastSeq: z.number().int().nullable(),
  simTimeS: z.number(),
  notes: z.string(),
})
export type RunSummary = z.infer<typeof runSummarySchema>

export const runDetailSchema = runSummarySchema.extend({ config: z.unknown() })
export type RunDetail = z.infer<typeof runDetailSchema>

/** `GET /api/v1/runs`: one page of recorded runs, newest first, and how many there are. */
export const runListSchema = z.object({ runs: z.array(runSummarySchema), total: z.number().int() })
export type RunList = z.infer<typeof runListSchema>

export const runListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
/** `GET /api/v1/runs/:runId/events`: the station events recorded with a run (chart marks, exports), oldest first. */
export const runEventsSchema = z.object({ events: z.array(eventMessageSchema) })
export type RunEvents = z.infer<typeof runEventsSchema>

export const runNotesSchema = z.object({ notes: z.string().max(10_000) }).strict()
export const runIdParamsSchema = z.object({ runId: z.string().min(1).max(64) })

/** Recording health, in `GET /api/v1/telemetry/recording` and health detail. */
export const recordingStatusSchema = z.object({
  state: z.enum(['recording', 'failing']),
  framesWritten: z.number().int(),
  batchesWritten: z.number().int(),
  pendingFrames: z.number().int(),
  framesLost: z.number().int(),
  lastError: z.string().nullable(),
  retentionDays: z.number(),
})
export type RecordingStatus = z.infer<typeof recordingStatusSchema>

/** `GET /metrics/performance`: the reference API's performance summary (snake_case, as its clients expect). */
export const performanceSummarySchema = z.object({
  timestamp: z.string(),
  run_id: z.string(),
  state: z.string(),
  controller: z.string(),
  simulation_time_s: z.number(),
  power_stability: z.number().nullable(),
  substrate_in_band: z.number().nullable(),
  tracking_efficiency: z.number().nullable(),
  mean_power_w: z.number().nullable(),
  energy_j: z.number(),
  coulombic_efficiency: z.number().nullable(),
  stack_power_w: z.number().nullable(),
  stream_clients: z.number().int(),
  frames_recorded: z.number().int(),
})
export type PerformanceSummary = z.infer<typeof performanceSummarySchema>
