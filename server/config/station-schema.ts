import { hostname } from 'node:os'
import { z } from 'zod'

/**
 * Names that are MQTT topic levels (Sparkplug B 3.0 "Topic Namespace": no `+`, `#` or `/`) and Prometheus
 * label values at once, so one spelling works in both.
 */
export const identifierSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit')

/** The host name as an identifier: cut at the first character an identifier cannot hold. */
export function defaultStationName(host = hostname()): string {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}/.exec(host)?.[0]
  return name ?? 'station'
}

/**
 * Who this station is in a fleet (config key `station`, docs/publishing.md "Names and labels"): its
 * name, its site and its stack's name label every Prometheus series and name the Sparkplug edge node
 * and device, so many stations make one dashboard.
 */
export const stationIdentitySchema = z
  .object({
    name: identifierSchema.default(() => defaultStationName()),
    /** Empty: the station belongs to no site (Prometheus treats an empty label as no label). */
    site: z.union([identifierSchema, z.literal('')]).default(''),
    /** The station's one stack: the Sparkplug device id and the `stack` label. */
    stack: identifierSchema.default('stack1'),
  })
  .strict()

export type StationIdentity = z.infer<typeof stationIdentitySchema>
