import { z } from 'zod'

/** Public answer of `GET /api/v1/health`: status only, nothing an anonymous caller should not see. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
})

export type Health = z.infer<typeof healthSchema>
