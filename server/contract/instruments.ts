import { z } from 'zod'
import { telemetrySources } from './stream.js'

/*
 * Instruments (docs/instruments.md): devices addressed by URI, their link status, the channel map that
 * turns their readings into cell and stack values, and HTTP push ingest.
 */

export const instrumentProtocols = [
  'modbus-tcp',
  'modbus-rtu',
  'serial',
  'mqtt',
  'scpi-tcp',
  'scpi-serial',
  'http-ingest',
] as const
export type InstrumentProtocol = (typeof instrumentProtocols)[number]

/** connecting: the first connection is being made; offline: the link is down and reconnects with backoff. */
export const deviceStates = ['connecting', 'online', 'offline', 'stopped'] as const
export type DeviceState = (typeof deviceStates)[number]

export const deviceStatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  protocol: z.enum(instrumentProtocols),
  state: z.enum(deviceStates),
  /** What the instrument says it is (`*IDN?`, the MQTT client's topic), where the protocol can tell. */
  identity: z.string().nullable(),
  /** Epoch ms of the last good reading, null if none yet. */
  lastGoodAtMs: z.number().nullable(),
  /** Since when the device has been online (null while it is not). */
  onlineSinceMs: z.number().nullable(),
  polls: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  reconnects: z.number().int().nonnegative(),
  /** Polls that could not start on time because the previous one was still running. */
  missedDeadlines: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  lastErrorAtMs: z.number().nullable(),
})
export type DeviceStatus = z.infer<typeof deviceStatusSchema>

/** One mapped value: where it goes (cell 1 voltageV, stack temperatureK), where it comes from, what it last was. */
export const channelStatusSchema = z.object({
  /** `cell 1 voltageV` or `stack temperatureK`; cells are numbered from 1. */
  target: z.string(),
  cell: z.number().int().positive().nullable(),
  quantity: z.string(),
  device: z.string(),
  address: z.string(),
  /** The configured unit of the value after scale/offset (V, mV, degC...). */
  unit: z.string(),
  /** The last reading as the device gave it, and after scale, offset and unit (SI, as frames carry it). */
  raw: z.number().nullable(),
  value: z.number().nullable(),
  atMs: z.number().nullable(),
  outOfRange: z.boolean(),
})
export type ChannelStatus = z.infer<typeof channelStatusSchema>

export const instrumentsStatusSchema = z.object({
  source: z.enum(telemetrySources),
  /** The hardware run being recorded (null while the station's source is the simulation). */
  run: z
    .object({ runId: z.string(), state: z.enum(['running', 'stopped']), startedAtMs: z.number(), frames: z.number() })
    .nullable(),
  devices: z.array(deviceStatusSchema),
  channels: z.array(channelStatusSchema),
})
export type InstrumentsStatus = z.infer<typeof instrumentsStatusSchema>

/** `POST /api/v1/instruments/:id/read`: every mapped address of the device read once, now. */
export const readNowResponseSchema = z.object({
  device: z.string(),
  readings: z.array(
    z.object({
      address: z.string(),
      raw: z.number().nullable(),
      error: z.string().nullable(),
      atMs: z.number(),
    }),
  ),
})
export type ReadNowResponse = z.infer<typeof readNowResponseSchema>

/** Most samples one ingest request may carry (docs/instruments.md "HTTP push"). */
export const INGEST_MAX_SAMPLES = 10_000

/** A sample's time: epoch milliseconds or an ISO 8601 time with its zone. */
const sampleTimeSchema = z.union([
  z.number().finite().nonnegative(),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
])

export const ingestSampleSchema = z
  .object({ t: sampleTimeSchema, channel: z.string().min(1).max(200), value: z.number().finite() })
  .strict()

/** `POST /api/v1/ingest`. A batch with any bad sample is refused whole; nothing of it is stored. */
export const ingestRequestSchema = z
  .object({
    device: z.string().min(1).max(64),
    samples: z.array(ingestSampleSchema).min(1).max(INGEST_MAX_SAMPLES),
  })
  .strict()
export type IngestRequest = z.infer<typeof ingestRequestSchema>

export const ingestResponseSchema = z.object({
  /** Samples stored now; duplicates (same device, channel and time as a stored one) are not counted again. */
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
})
export type IngestResponse = z.infer<typeof ingestResponseSchema>
