import { z } from 'zod'
import { MAX_DOSING_MG_PER_DAY, MAX_FEED_L_PER_DAY, periodS, resistanceOhm, SUBSTRATE_ACTUATOR_MAX } from '../bounds.js'
import { controllerDefaults } from '../../contract/simulation.js'
import type { Controller } from './controller.js'
import { createFixedController } from './fixed.js'
import { createMpptController } from './mppt.js'
import { createPidController } from './pid.js'
import { copyQPolicy, qPolicySchema } from './q-policy.js'
import { createQLearningController } from './q-learning.js'

const { fixed, pid, mppt } = controllerDefaults

/** Every controller's settings, discriminated by `kind`: what the run config and the API accept. */
export const controllerConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), periodS: periodS.default(fixed.periodS) }).strict(),
  z
    .object({
      kind: z.literal('pid'),
      actuator: z.enum(['feed', 'dosing']).default(pid.actuator),
      // Beyond these gains a 0.1 mg/L error swings the output across its whole range at one decision.
      kp: z.number().min(0).max(1e3).default(pid.kp),
      ki: z.number().min(0).max(1).default(pid.ki),
      kd: z.number().min(0).max(1e6).default(pid.kd),
      periodS: periodS.default(pid.periodS),
      outputMin: z.number().min(0).max(MAX_DOSING_MG_PER_DAY).default(pid.outputMin),
      outputMax: z.number().positive().max(MAX_DOSING_MG_PER_DAY).default(pid.outputMax),
    })
    .strict()
    .refine((pid) => pid.outputMin < pid.outputMax, {
      message: 'outputMin must be below outputMax',
      path: ['outputMin'],
    })
    .refine((pid) => pid.outputMax <= SUBSTRATE_ACTUATOR_MAX[pid.actuator], {
      message: `beyond the actuator's range (feed: ${MAX_FEED_L_PER_DAY} L/d, dosing: ${MAX_DOSING_MG_PER_DAY} mg/d)`,
      path: ['outputMax'],
    }),
  z
    .object({
      kind: z.literal('mppt'),
      scope: z.enum(['stack', 'cell']).default(mppt.scope),
      stepFraction: z.number().positive().max(0.5).default(mppt.stepFraction),
      // Measured on the controller benchmark and three variants (docs/simulation.md "mppt"): the lopsided step gains
      // 1.0-1.8 points of tracking efficiency; the adaptive step gains nothing on top, so it is opt-in.
      adaptive: z.boolean().default(mppt.adaptive),
      minStepFraction: z.number().positive().max(0.5).default(mppt.minStepFraction),
      maxStepFraction: z.number().positive().max(0.5).default(mppt.maxStepFraction),
      lowerStepRatio: z.number().positive().max(1).default(mppt.lowerStepRatio),
      periodS: periodS.default(mppt.periodS),
      minOhm: resistanceOhm.default(mppt.minOhm),
      maxOhm: resistanceOhm.default(mppt.maxOhm),
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
