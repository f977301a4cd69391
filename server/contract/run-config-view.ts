import { z } from 'zod'
import { controllerKinds } from './simulation.js'

/**
 * What a client reads from `GET /api/v1/simulation/config` to prefill its forms: the live-editable
 * parts of the run configuration (the engine owns the full schema and its defaults, server/sim/config.ts).
 * Loose objects, so the engine may grow fields without breaking clients.
 */
export const runConfigViewSchema = z
  .object({
    name: z.string(),
    stack: z.object({ cells: z.number().int().positive(), wiring: z.string() }).loose(),
    feed: z
      .object({
        flowLPerDay: z.number(),
        influentMgL: z.number(),
        dosingMgPerDay: z.number(),
        temperatureK: z.number(),
      })
      .loose(),
    load: z.object({ rExtOhm: z.number() }).loose(),
    controller: z.object({ kind: z.enum(controllerKinds) }).loose(),
    targets: z.object({ substrateMgL: z.number() }).loose(),
  })
  .loose()
export type RunConfigView = z.infer<typeof runConfigViewSchema>

/** `POST /api/v1/simulation/faults` answers 201 with the id `DELETE /faults/:id` takes. */
export const faultCreatedSchema = z.object({ id: z.number().int() })

/** `PATCH /api/v1/simulation/config`: structural changes wait for the next reset. */
export const configPatchResultSchema = z.object({ restartRequired: z.boolean() })
