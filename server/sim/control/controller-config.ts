import { z } from 'zod'
import type { Controller } from './controller.js'
import { createFixedController } from './fixed.js'
import { createMpptController } from './mppt.js'
import { createPidController } from './pid.js'
import { copyQPolicy, qPolicySchema } from './q-policy.js'
import { createQLearningController } from './q-learning.js'

const periodS = z.number().positive().max(86_400)

/** Every controller's settings, discriminated by `kind`: what the run config and the API accept. */
export const controllerConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), periodS: periodS.default(60) }).strict(),
  z
    .object({
      kind: z.literal('pid'),
      actuator: z.enum(['feed', 'dosing']).default('feed'),
      kp: z.number().nonnegative().default(0.002),
      ki: z.number().nonnegative().default(2e-7),
      kd: z.number().nonnegative().default(0),
      periodS: periodS.default(300),
      outputMin: z.number().nonnegative().default(0.02),
      outputMax: z.number().positive().default(1.5),
    })
    .strict()
    .refine((pid) => pid.outputMin < pid.outputMax, {
      message: 'outputMin must be below outputMax',
      path: ['outputMin'],
    }),
  z
    .object({
      kind: z.literal('mppt'),
      scope: z.enum(['stack', 'cell']).default('stack'),
      stepFraction: z.number().positive().max(0.5).default(0.03),
      // Measured on the controller benchmark and three variants (README): the lopsided step gains
      // 1.0-1.8 points of tracking efficiency; the adaptive step gains nothing on top, so it is opt-in.
      adaptive: z.boolean().default(false),
      minStepFraction: z.number().positive().max(0.5).default(0.01),
      maxStepFraction: z.number().positive().max(0.5).default(0.1),
      lowerStepRatio: z
        .number()
        .positive()
        .max(1)
        .default(1 / 3),
      periodS: periodS.default(300),
      minOhm: z.number().positive().default(1),
      maxOhm: z.number().positive().default(100_000),
    })
    .strict()
    .refine((mppt) => mppt.minOhm < mppt.maxOhm, { message: 'minOhm must be below maxOhm', path: ['minOhm'] })
    .refine((mppt) => mppt.minStepFraction <= mppt.maxStepFraction, {
      message: 'minStepFraction must not exceed maxStepFraction',
      path: ['minStepFraction'],
    }),
  z.object({ kind: z.literal('qlearning'), policy: qPolicySchema }).strict(),
])

export type ControllerConfig = z.infer<typeof controllerConfigSchema>
export type ControllerConfigInput = z.input<typeof controllerConfigSchema>

/** Builds the controller a (validated) config describes; Q-learning runs greedy (exploration off). */
export function createController(config: ControllerConfig): Controller {
  switch (config.kind) {
    case 'fixed':
      return createFixedController(config.periodS)
    case 'pid':
      return createPidController(config)
    case 'mppt':
      return createMpptController(config)
    case 'qlearning':
      // A copy: operating a policy must never change the table the operator loaded.
      return createQLearningController(copyQPolicy(config.policy))
  }
}
