import { z } from 'zod'

/*
 * Q-learning policies (docs/simulation.md "Policies"): the bundled one for the default stack and those
 * trained from the UI, and the one training job at a time that makes them.
 */

/** Lower-case letters, digits and dashes: a policy's name is its file name in the data dir. */
export const policyNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, up to 64, not starting with a dash')

export const policyNameParamsSchema = z.object({ name: policyNameSchema }).strict()

/** The bundled policy's name: trained offline for the default 5-cell stack, shipped in resources/policies. */
export const BUNDLED_POLICY_NAME = 'default-5-cell'

export const policySummarySchema = z.object({
  name: policyNameSchema,
  /** `bundled` ships with the station and cannot be deleted; `trained` was trained on this station. */
  origin: z.enum(['bundled', 'trained']),
  /** The stack shape it was trained on (null for a policy from before shapes were recorded). */
  stack: z.object({ cells: z.number().int(), wiring: z.string() }).nullable(),
  scenario: z.string(),
  episodes: z.number().int(),
  seed: z.number().int(),
  loadMinOhm: z.number(),
  loadMaxOhm: z.number(),
})
export type PolicySummary = z.infer<typeof policySummarySchema>

export const policyListSchema = z.object({ policies: z.array(policySummarySchema) })

/** A policy document as `mfc-station sim train` writes it; the controller switch validates it. */
export const policyDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'a Q-learning policy (format mfc-station/q-policy, docs/simulation.md "qlearning")' })

/** Bounds of one training job: at most MAX_TRAINING_CELL_EPISODES cells x episodes, episodes of 1 to 30 days. */
export const MAX_TRAINING_EPISODES = 1000
export const MAX_TRAINING_CELL_EPISODES = 5000
export const MAX_TRAINING_EPISODE_S = 30 * 86_400

/** `POST /api/v1/simulation/training`: trains on the current run's configuration. */
export const trainingRequestSchema = z
  .object({
    name: policyNameSchema,
    episodes: z.number().int().min(1).max(MAX_TRAINING_EPISODES),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    /** Simulated length of one episode (default the run's duration, at most 10 days). */
    episodeS: z.number().int().min(3600).max(MAX_TRAINING_EPISODE_S).optional(),
    /** The R_ext range the policy moves in (default 5..5000 ohm). */
    loadMinOhm: z.number().min(1e-3).max(1e7).optional(),
    loadMaxOhm: z.number().min(1e-3).max(1e7).optional(),
  })
  .strict()
export type TrainingRequest = z.input<typeof trainingRequestSchema>

export const trainingStates = ['running', 'done', 'cancelled', 'failed'] as const

export const trainingJobSchema = z.object({
  id: z.number().int(),
  name: policyNameSchema,
  state: z.enum(trainingStates),
  /** Episodes finished so far, of `episodes`. */
  episode: z.number().int(),
  episodes: z.number().int(),
  seed: z.number().int(),
  /** Mean shaped reward of the last (up to 10) episodes; null before the first. */
  meanReward: z.number().nullable(),
  startedBy: z.string(),
  startedAtMs: z.number(),
  finishedAtMs: z.number().nullable(),
  /** Why it failed, when it did. */
  error: z.string().nullable(),
})
export type TrainingJob = z.infer<typeof trainingJobSchema>

/** `GET /api/v1/simulation/training`: the latest job, null before the first (a page that opens asks without an error). */
export const trainingStatusSchema = z.object({ job: trainingJobSchema.nullable() })
