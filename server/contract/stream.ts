import { z } from 'zod'
import { cellAlarms, controllerKinds, runStates } from './simulation.js'
import { tlsAlertKinds } from './tls.js'
import { procedureProgressSchema, procedureRunActions } from './procedures.js'
import { alarmHistoryActions, alarmSeverities, alarmStates } from './alarms.js'

/**
 * Bumped on any incompatible change of the stream messages; clients check it in `hello`. Protocol 2:
 * frames and `hello` name their source, a measured frame leaves out what it does not measure, and `alarm`
 * events describe managed alarms (id, severity, action, state) instead of raw cell flags.
 */
export const STREAM_PROTOCOL_VERSION = 2

/** Where a run's frames come from: the station's own model, or instruments (docs/instruments.md). */
export const telemetrySources = ['simulation', 'hardware'] as const
export type TelemetrySource = (typeof telemetrySources)[number]

export const STREAM_PATH = '/api/v1/stream'
/** The reference system's clients open the stream on the root path: it is the same stream (docs/stream-protocol.md). */
export const STREAM_PATHS: readonly string[] = [STREAM_PATH, '/']

/** An interlock's state (docs/control.md "Interlocks"): watching, acting, or cleared and waiting for an operator. */
export const interlockStates = ['armed', 'tripped', 'awaiting-acknowledge'] as const
export type InterlockState = (typeof interlockStates)[number]

/**
 * One cell at one instant. powerW is negative for a reversed cell (it absorbs power). A value the
 * source does not have (a measured cell has no substrate model, an offline instrument no voltage) is
 * absent, never zero.
 */
export const cellSampleSchema = z.object({
  voltageV: z.number().optional(),
  currentA: z.number().optional(),
  powerW: z.number().optional(),
  substrateMgL: z.number().optional(),
  /** E_OCV minus the cell's EMF: the anode's concentration and mediator losses. */
  anodeLossV: z.number().optional(),
  internalOhm: z.number().optional(),
  alarms: z.array(z.enum(cellAlarms)),
  /** Measured values outside their configured plausible range (kept, and flagged here). */
  outOfRange: z.array(z.string()).optional(),
  /** The cell's R_ext actuator: what the station last wrote, and what the device reads back (docs/control.md). */
  rExtCommandedOhm: z.number().optional(),
  rExtMeasuredOhm: z.number().optional(),
})
export type CellSample = z.infer<typeof cellSampleSchema>

/**
 * Stack totals and actuators; absent when the source does not have them (see cellSampleSchema).
 * `loadOhm` and `feedLPerDay` are commanded; the `Actual` pair is what the stack really gets after
 * faults (feed 0 during a pump failure; no actual load while the circuit is open, `loadConnected` false).
 */
export const stackSampleSchema = z.object({
  voltageV: z.number().optional(),
  currentA: z.number().optional(),
  powerW: z.number().optional(),
  loadConnected: z.boolean().optional(),
  loadOhm: z.number().optional(),
  loadActualOhm: z.number().optional(),
  feedLPerDay: z.number().optional(),
  feedActualLPerDay: z.number().optional(),
  temperatureK: z.number().optional(),
  /** The anolyte's pH where a channel measures it (hardware only: the model has no pH). */
  ph: z.number().optional(),
  outOfRange: z.array(z.string()).optional(),
  /** Actuators on hardware, commanded and read back side by side (docs/control.md "Actuators"). */
  rExtCommandedOhm: z.number().optional(),
  rExtMeasuredOhm: z.number().optional(),
  pumpCommandedLPerDay: z.number().optional(),
  pumpMeasuredLPerDay: z.number().optional(),
})
export type StackSample = z.infer<typeof stackSampleSchema>

export const telemetryFrameSchema = z.object({
  type: z.literal('telemetry'),
  source: z.enum(telemetrySources),
  runId: z.string(),
  seq: z.number().int().nonnegative(),
  /** Seconds since the run started: simulated time, or wall time for a hardware run (speed 1x). */
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
  /** A managed alarm changed (docs/operations.md "Alarms"): raised, cleared, acknowledged, shelved, unshelved. */
  z.object({
    kind: z.literal('alarm'),
    id: z.string(),
    ruleId: z.string(),
    action: z.enum(alarmHistoryActions),
    severity: z.enum(alarmSeverities),
    /** The alarm's state after the change; `normal` once it is both cleared and acknowledged. */
    state: z.enum([...alarmStates, 'normal']),
    /** Cells are numbered from 1; absent for stack, service and certificate alarms. */
    cell: z.number().int().positive().optional(),
    message: z.string(),
    by: z.string().nullable(),
    simTimeS: z.number().nullable(),
    /** A shelved alarm is still tracked, but not announced. */
    shelved: z.boolean(),
  }),
  z.object({ kind: z.literal('run-state'), runId: z.string(), state: z.enum(runStates) }),
  z.object({ kind: z.literal('controller'), controller: z.enum(controllerKinds) }),
  z.object({
    kind: z.literal('fault'),
    id: z.number().int(),
    faultKind: z.string(),
    action: z.enum(['injected', 'cleared']),
  }),
  z.object({
    kind: z.literal('certificate'),
    alert: z.enum(tlsAlertKinds),
    severity: z.enum(['info', 'warning', 'critical']),
    message: z.string(),
    daysLeft: z.number(),
  }),
  /** An instrument came online or went offline, failed a reading, or measured outside its plausible range. */
  z.object({
    kind: z.literal('instrument'),
    device: z.string(),
    status: z.enum(['online', 'offline', 'error', 'out-of-range']),
    message: z.string(),
  }),
  /** An interlock tripped, cleared, was acknowledged or released (docs/control.md "Interlocks"). */
  z.object({
    kind: z.literal('interlock'),
    id: z.string(),
    action: z.enum(['tripped', 'cleared', 'acknowledged', 'released']),
    state: z.enum(interlockStates),
    message: z.string(),
    by: z.string().nullable(),
  }),
  /** A procedure started, passed a step, paused, was held by an interlock, ended (docs/control.md "Procedures"). */
  z.object({
    kind: z.literal('procedure'),
    procedureId: z.string(),
    action: z.enum(procedureRunActions),
    message: z.string(),
    by: z.string().nullable(),
    progress: procedureProgressSchema,
  }),
  /** A station service failed, was restarted, or (recording, the database) cannot write / writes again. */
  z.object({
    kind: z.literal('service'),
    service: z.string(),
    status: z.enum(['failed', 'restarted', 'failing', 'recovered']),
    message: z.string(),
  }),
])
export type StationEvent = z.infer<typeof stationEventSchema>

export const eventMessageSchema = z.object({
  type: z.literal('event'),
  wallTimeMs: z.number(),
  /** The run the event belongs to and when in it, for chart marks (run, controller, fault and alarm events). */
  runId: z.string().optional(),
  simTimeS: z.number().nonnegative().optional(),
  event: stationEventSchema,
})
export type EventMessage = z.infer<typeof eventMessageSchema>

/** `GET /api/v1/events`: the station's most recent events, oldest first, for a page that opens late. */
export const recentEventsSchema = z.object({ events: z.array(eventMessageSchema) })
export type RecentEvents = z.infer<typeof recentEventsSchema>

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  serverVersion: z.string(),
  /** The source of this station's runs. */
  source: z.enum(telemetrySources),
  /** When this station process started (epoch ms): a new value after a reconnect means a restart. */
  startedAtMs: z.number().optional(),
  /** The current run, so a client tells a new run from a reconnect without reading the status. */
  runId: z.string().optional(),
})
export type HelloMessage = z.infer<typeof helloMessageSchema>

/*
 * Subscriptions (protocol 1, additive): a client that never subscribes gets every full `telemetry`
 * frame, as before. A `subscribe` narrows the stream to some cells and channels at a maximum rate;
 * frames for a narrowed subscription arrive as `samples` (only the chosen values, each cell with its
 * index). `resume` replays frames missed since a sequence number from the station's in-memory ring.
 */

/** Per-cell values a subscription may choose. */
export const cellChannels = [
  'voltageV',
  'currentA',
  'powerW',
  'substrateMgL',
  'anodeLossV',
  'internalOhm',
  'alarms',
] as const
export type CellChannel = (typeof cellChannels)[number]

export const subscribeMessageSchema = z
  .object({
    type: z.literal('subscribe'),
    /** Cell indices; omitted means every cell, [] means none (stack totals only). */
    cells: z.array(z.number().int().nonnegative().max(1023)).max(1024).optional(),
    /** Cell channels; omitted means all. */
    channels: z.array(z.enum(cellChannels)).optional(),
    /** Include stack totals (default true). */
    stack: z.boolean().optional(),
    /** Upper bound on frames per second; the station decimates. Omitted means every frame. */
    maxHz: z.number().positive().max(100).optional(),
    /** Events (alarms, run state, controller, faults); default true. */
    events: z.boolean().optional(),
  })
  .strict()
export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>

export const resumeMessageSchema = z
  .object({ type: z.literal('resume'), runId: z.string().min(1).max(64), afterSeq: z.number().int().nonnegative() })
  .strict()
export type ResumeMessage = z.infer<typeof resumeMessageSchema>

/**
 * The reference system's application-level keep-alive: answered with `pong`. Extra fields its clients
 * add (a timestamp) are accepted and ignored; WebSocket ping frames (RFC 6455 5.5.2) work as well.
 */
export const pingMessageSchema = z.object({ type: z.literal('ping') }).loose()
export type PingMessage = z.infer<typeof pingMessageSchema>

/** Everything a client may send on the stream: JSON text frames; a larger frame closes the stream with 1009 (RFC 6455 7.4.1). */
export const clientMessageSchema = z.discriminatedUnion('type', [
  subscribeMessageSchema,
  resumeMessageSchema,
  pingMessageSchema,
])
export type ClientMessage = z.infer<typeof clientMessageSchema>
export const STREAM_MAX_CLIENT_MESSAGE_BYTES = 4096

/** A frame for a narrowed subscription: only the chosen cells and channels. */
export const samplesMessageSchema = telemetryFrameSchema.omit({ type: true, cells: true, stack: true }).extend({
  type: z.literal('samples'),
  cells: z.array(cellSampleSchema.partial().extend({ index: z.number().int().nonnegative() })),
  stack: stackSampleSchema.optional(),
})
export type SamplesMessage = z.infer<typeof samplesMessageSchema>

/** The subscription in force after a `subscribe` (what the station will send). */
export const subscribedMessageSchema = z.object({
  type: z.literal('subscribed'),
  cells: z.array(z.number().int()).nullable(),
  channels: z.array(z.enum(cellChannels)),
  stack: z.boolean(),
  maxHz: z.number().nullable(),
  events: z.boolean(),
})
export type SubscribedMessage = z.infer<typeof subscribedMessageSchema>

/**
 * Answer to `resume`, sent after the replayed frames. complete=false: the ring no longer holds every
 * missed frame (or the run changed); `historyToSeq` tells the client which older frames to fetch from
 * the history API.
 */
export const resumedMessageSchema = z.object({
  type: z.literal('resumed'),
  runId: z.string(),
  replayed: z.number().int().nonnegative(),
  complete: z.boolean(),
  historyToSeq: z.number().int().nullable(),
})
export type ResumedMessage = z.infer<typeof resumedMessageSchema>

/** A client message the station could not accept; the connection stays open. */
export const streamErrorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.enum(['bad_message']),
  message: z.string(),
})
export type StreamErrorMessage = z.infer<typeof streamErrorMessageSchema>

/** The answer to a client's `ping`. */
export const pongMessageSchema = z.object({ type: z.literal('pong') })
export type PongMessage = z.infer<typeof pongMessageSchema>

/** Close codes the station uses besides RFC 6455's (4000-4999 are for applications). */
export const STREAM_CLOSE_SLOW_CONSUMER = 4000

/** Everything the station sends on the stream. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  telemetryFrameSchema,
  eventMessageSchema,
  samplesMessageSchema,
  subscribedMessageSchema,
  resumedMessageSchema,
  streamErrorMessageSchema,
  pongMessageSchema,
])
export type ServerMessage = z.infer<typeof serverMessageSchema>
