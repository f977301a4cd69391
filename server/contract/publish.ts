import { z } from 'zod'
import { cellChannels } from './stream.js'

/*
 * Publishing into a fleet's MQTT broker (docs/publishing.md): the values a station publishes and the
 * status `GET /api/v1/publish` answers.
 */

export const publishModes = ['sparkplug', 'json'] as const
export type PublishMode = (typeof publishModes)[number]

/** Stack and run values published beside the per-cell channels (`cellChannels`). */
export const publishedStackChannels = [
  'stack.voltageV',
  'stack.currentA',
  'stack.powerW',
  'stack.loadOhm',
  'stack.feedLPerDay',
  'stack.temperatureK',
  'stack.loadConnected',
  'run.state',
  'run.controller',
  'run.seq',
  'run.simTimeS',
] as const

/** Every channel a rate or deadband can be set for: a cell channel applies to every cell. */
export const publishedChannels = [...cellChannels, ...publishedStackChannels] as const
export type PublishedChannel = (typeof publishedChannels)[number]

const isoDate = z.iso.datetime({ offset: true })

/** One broker connection as `GET /api/v1/publish` and health report it. */
export const brokerStatusSchema = z.object({
  name: z.string(),
  /** The broker URL without credentials. */
  url: z.string(),
  mode: z.enum(publishModes),
  state: z.enum(['connecting', 'connected', 'disconnected', 'stopped']),
  connectedSince: isoDate.nullable(),
  lastError: z.string().nullable(),
  /** Store-and-forward: messages waiting in the station database, their size and the oldest one's time. */
  queued: z.number().int().nonnegative(),
  queuedBytes: z.number().int().nonnegative(),
  oldestQueuedAt: isoDate.nullable(),
  /** Totals since the station started: messages the broker acknowledged, queued ones dropped to stay bounded, connections made. */
  sent: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  connects: z.number().int().nonnegative(),
  /** Sparkplug B: the topic names and the birth/death sequence of the current session; null in json mode. */
  sparkplug: z
    .object({ groupId: z.string(), edgeNodeId: z.string(), deviceId: z.string(), bdSeq: z.number().int() })
    .nullable(),
  /** json mode: the topic prefix and whether Home Assistant discovery is published; null in sparkplug mode. */
  json: z.object({ topicPrefix: z.string(), homeAssistant: z.boolean() }).nullable(),
  /** TLS to the broker, and whether the broker's certificate is verified (with TLS, false only when configured so). */
  tls: z.boolean(),
  verifiesBroker: z.boolean(),
})
export type BrokerStatus = z.infer<typeof brokerStatusSchema>

/** `GET /api/v1/publish`: every configured broker ([] when publishing is not configured). */
export const publishStatusSchema = z.object({ brokers: z.array(brokerStatusSchema) })
export type PublishStatus = z.infer<typeof publishStatusSchema>
