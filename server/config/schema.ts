import { z } from 'zod'
import { alarmsConfigSchema } from './alarms-schema.js'
import { controlConfigSchema } from './control-schema.js'
import { databaseConfigSchema } from './database-schema.js'
import { httpConfigSchema } from './http-schema.js'
import { publishConfigSchema } from './publish-schema.js'
import { instrumentsConfigSchema } from './instruments-schema.js'
import { securityConfigSchema } from './security-schema.js'
import { stationIdentitySchema } from './station-schema.js'
import { telemetryConfigSchema } from './telemetry-schema.js'
import { tlsConfigSchema } from './tls-schema.js'

export const logLevels = ['error', 'warn', 'info', 'verbose', 'debug'] as const

/** The station's whole configuration. Every key has a default, so an empty file is valid. */
export const stationConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8443),
    dataDir: z.string().min(1),
    logLevel: z.enum(logLevels).default('info'),
    /** Where runs come from: the model (default) or the instruments (docs/instruments.md). */
    source: z.enum(['simulation', 'hardware']).default('simulation'),
    sim: z
      .object({
        /** Telemetry frames per wall-clock second. */
        tickHz: z.number().positive().max(50).default(10),
        /** Simulated seconds per wall-clock second. */
        speed: z.number().positive().max(1e9).default(600),
        /** Run configuration (JSON) the station starts with; default resources/scenarios/station-default.json. */
        scenario: z.string().min(1).optional(),
        /** Start the run when the station starts. */
        autoStart: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    tls: tlsConfigSchema.prefault({}),
    security: securityConfigSchema.prefault({}),
    telemetry: telemetryConfigSchema.prefault({}),
    database: databaseConfigSchema.prefault({}),
    http: httpConfigSchema.prefault({}),
    alarms: alarmsConfigSchema.prefault({}),
    station: stationIdentitySchema.prefault({}),
    publish: publishConfigSchema.prefault({}),
    instruments: instrumentsConfigSchema.prefault({}),
    control: controlConfigSchema.prefault({}),
  })
  .strict()

export type StationConfig = z.infer<typeof stationConfigSchema>

type Unvalidated<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends Record<string, unknown> ? Unvalidated<NonNullable<T[K]>> : unknown
}

/** What a layer (file, environment, flags) may set: any subset of the configuration, not yet validated. */
export type ConfigLayer = Unvalidated<z.input<typeof stationConfigSchema>>
