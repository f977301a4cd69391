import { z } from 'zod'

/** Bumped on any incompatible change of the stream messages; clients check it in `hello`. */
export const STREAM_PROTOCOL_VERSION = 1

export const STREAM_PATH = '/api/v1/stream'

export const cellSampleSchema = z.object({
  voltageV: z.number(),
  currentA: z.number(),
  powerW: z.number(),
  substrateMgL: z.number(),
})

export type CellSample = z.infer<typeof cellSampleSchema>

export const telemetryFrameSchema = z.object({
  type: z.literal('telemetry'),
  runId: z.string(),
  seq: z.number().int().nonnegative(),
  simTimeS: z.number().nonnegative(),
  wallTimeMs: z.number(),
  cells: z.array(cellSampleSchema),
})

export type TelemetryFrame = z.infer<typeof telemetryFrameSchema>

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  serverVersion: z.string(),
})

export type HelloMessage = z.infer<typeof helloMessageSchema>

/** Everything the station sends on the stream. */
export const serverMessageSchema = z.discriminatedUnion('type', [helloMessageSchema, telemetryFrameSchema])

export type ServerMessage = z.infer<typeof serverMessageSchema>
