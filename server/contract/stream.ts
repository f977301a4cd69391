import { z } from 'zod'
import { cellAlarms, controllerKinds, runStates } from './simulation.js'

/** Bumped on any incompatible change of the stream messages; clients check it in `hello`. */
export const STREAM_PROTOCOL_VERSION = 1

export const STREAM_PATH = '/api/v1/stream'

/** One cell at one instant. powerW is negative for a reversed cell (it absorbs power). */
export const cellSampleSchema = z.object({
  voltageV: z.number(),
  currentA: z.number(),
  powerW: z.number(),
  substrateMgL: z.number(),
  /** E_OCV minus the cell's EMF: the anode's concentration and mediator losses. */
  anodeLossV: z.number(),
  internalOhm: z.number(),
  alarms: z.array(z.enum(cellAlarms)),
})
export type CellSample = z.infer<typeof cellSampleSchema>

export const stackSampleSchema = z.object({
  voltageV: z.number(),
  currentA: z.number(),
  powerW: z.number(),
  loadConnected: z.boolean(),
  loadOhm: z.number(),
  feedLPerDay: z.number(),
  temperatureK: z.number(),
})
export type StackSample = z.infer<typeof stackSampleSchema>

export const telemetryFrameSchema = z.object({
  type: z.literal('telemetry'),
  runId: z.string(),
  seq: z.number().int().nonnegative(),
  simTimeS: z.number().nonnegative(),
  /** Epoch milliseconds (fractional) when the station produced the frame. */
  wallTimeMs: z.number(),
  state: z.enum(runStates),
  controller: z.enum(controllerKinds),
  cells: z.array(cellSampleSchema),
  stack: stackSampleSchema,
})
export type TelemetryFrame = z.infer<typeof telemetryFrameSchema>

/** Something that happened, for event logs and notifications. */
export const stationEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alarm'), cell: z.number().int(), alarm: z.enum(cellAlarms), raised: z.boolean(), simTimeS: z.number() }),
  z.object({ kind: z.literal('run-state'), runId: z.string(), state: z.enum(runStates) }),
  z.object({ kind: z.literal('controller'), controller: z.enum(controllerKinds) }),
  z.object({ kind: z.literal('fault'), id: z.number().int(), faultKind: z.string(), action: z.enum(['injected', 'cleared']) }),
])
export type StationEvent = z.infer<typeof stationEventSchema>

export const eventMessageSchema = z.object({ type: z.literal('event'), wallTimeMs: z.number(), event: stationEventSchema })
export type EventMessage = z.infer<typeof eventMessageSchema>

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  serverVersion: z.string(),
})
export type HelloMessage = z.infer<typeof helloMessageSchema>

/** Everything the station sends on the stream. */
export const serverMessageSchema = z.discriminatedUnion('type', [helloMessageSchema, telemetryFrameSchema, eventMessageSchema])
export type ServerMessage = z.infer<typeof serverMessageSchema>
