import { z } from 'zod'
import { publishedChannels, publishModes } from '../contract/publish.js'
import { cellChannels } from '../contract/stream.js'
import { identifierSchema } from './station-schema.js'

const brokerUrl = z
  .string()
  .refine((text) => URL.canParse(text) && /^mqtts?:$/.test(new URL(text).protocol), 'an mqtt:// or mqtts:// URL')
  .refine((text) => !URL.canParse(text) || new URL(text).password === '', {
    message: 'no password in the URL: the station reads it from its secret store ("mqtt-password")',
  })

const rate = z
  .object({
    /** Each metric is sent at most this often (per cell for a cell channel); 0: no rate limit. */
    maxHz: z.number().nonnegative().max(100).optional(),
    /** A numeric change smaller than this (in the channel's unit) since the last value sent is not sent. */
    deadband: z.number().nonnegative().optional(),
  })
  .strict()

/** Per-metric rate limits (docs/publishing.md "Rates and deadbands"): a 512-cell stack at 10 Hz must not flood a broker. */
const ratesSchema = z
  .object({
    maxHz: z.number().nonnegative().max(100).default(1),
    deadband: z.number().nonnegative().default(0),
    channels: z.partialRecord(z.enum(publishedChannels), rate).default({}),
  })
  .strict()

const tlsSchema = z
  .object({
    /** PEM CA bundle the broker's certificate must chain to (default: the system's roots). */
    caFile: z.string().min(1).optional(),
    /** Client certificate and key (PEM) for brokers that require one; the key's passphrase is the secret "mqtt-key-passphrase". */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** The name the broker's certificate must carry, when it differs from the URL's host. */
    servername: z.string().min(1).optional(),
    /** false accepts any broker certificate: a visible relaxation (logged at start, shown in the status). */
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict()
  .refine((tls) => (tls.certFile === undefined) === (tls.keyFile === undefined), {
    message: 'certFile and keyFile go together',
    path: ['certFile'],
  })

export const mqttConfigSchema = z
  .object({
    url: brokerUrl.default('mqtt://127.0.0.1:1883'),
    mode: z.enum(publishModes).default('sparkplug'),
    /** Sparkplug group id; the edge node id defaults to `station.name`, the device id is `station.stack`. */
    groupId: identifierSchema.default('mfc'),
    edgeNodeId: identifierSchema.optional(),
    /** json mode: topics are `<topicPrefix>/<station>/<stack>/...`. */
    topicPrefix: identifierSchema.default('mfc'),
    homeAssistant: z
      .object({
        discovery: z.boolean().default(true),
        prefix: identifierSchema.default('homeassistant'),
        /** Cell channels offered as Home Assistant sensors (stack values always are). */
        cellChannels: z.array(z.enum(cellChannels)).default(['voltageV', 'powerW']),
      })
      .strict()
      .prefault({}),
    clientId: z.string().min(1).max(64).optional(),
    /** The password, if the broker wants one, is the secret "mqtt-password". */
    username: z.string().min(1).max(256).optional(),
    /** 1: the broker acknowledges every message before store-and-forward lets it go; 0: at most once. */
    qos: z.union([z.literal(0), z.literal(1)]).default(1),
    keepaliveSeconds: z.number().int().min(5).max(3600).default(30),
    connectTimeoutSeconds: z.number().min(1).max(120).default(10),
    /** Messages sent and not yet acknowledged at once. */
    inflight: z.number().int().min(1).max(1000).default(64),
    tls: tlsSchema.prefault({}),
    rates: ratesSchema.prefault({}),
    storeAndForward: z
      .object({
        /** Bounds of the durable queue; beyond either, the oldest messages are dropped and counted. */
        maxMessages: z.number().int().min(100).max(10_000_000).default(100_000),
        maxMegabytes: z.number().min(1).max(100_000).default(256),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type MqttConfig = z.infer<typeof mqttConfigSchema>

/** Publishing into a fleet's systems (config key `publish`, docs/publishing.md); nothing is published unless `mqtt` is set. */
export const publishConfigSchema = z.object({ mqtt: mqttConfigSchema.optional() }).strict()

export type PublishConfig = z.infer<typeof publishConfigSchema>
