import { z } from 'zod'
import { securityStatusSchema } from './security.js'

/** Public answer of `GET /api/v1/health`: status only, nothing an anonymous caller should not see. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
})

export type Health = z.infer<typeof healthSchema>

/** One supervised service in the health detail a signed-in caller sees. */
export const componentHealthSchema = z.object({
  name: z.string(),
  state: z.enum(['up', 'restarting', 'stopped']),
  up: z.boolean(),
  uptimeSeconds: z.number().nonnegative(),
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
})
export type ComponentHealth = z.infer<typeof componentHealthSchema>

/**
 * The whole `GET /api/v1/health` answer: the summary for everyone, `components` for signed-in callers,
 * `secrets` for callers with `security:read`.
 */
export const healthDetailSchema = healthSchema.extend({
  components: z.array(componentHealthSchema).optional(),
  secrets: z
    .object({
      backend: securityStatusSchema.shape.secretsBackend,
      warning: z.string().optional(),
    })
    .optional(),
})
export type HealthDetail = z.infer<typeof healthDetailSchema>
