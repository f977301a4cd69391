import { z } from 'zod'

export const logLevels = ['error', 'warn', 'info', 'verbose', 'debug'] as const

/** The station's whole configuration. Every key has a default, so an empty file is valid. */
export const stationConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8443),
    dataDir: z.string().min(1),
    logLevel: z.enum(logLevels).default('info'),
    sim: z
      .object({
        tickHz: z.number().positive().max(1000).default(10),
        speed: z.number().positive().max(1e9).default(600),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type StationConfig = z.infer<typeof stationConfigSchema>

/** What a layer (file, environment, flags) may set: any subset of the configuration. */
export type ConfigLayer = {
  host?: string
  port?: number
  dataDir?: string
  logLevel?: string
  sim?: { tickHz?: number; speed?: number }
}
