import { z } from 'zod'
import { MAX_CELLS, MAX_DOSING_MG_PER_DAY, periodS, resistanceOhm, SUBSTRATE_ACTUATOR_MAX } from '../bounds.js'
import { printableName } from '../printable-text.js'

/** How a stack's cells are wired (the run configuration's `stack.wiring`). */
export const STACK_WIRINGS = ['series', 'parallel', 'series-parallel', 'independent'] as const

/** Bumped on any change that makes an old table mean something else (states, actions or their order). */
export const Q_POLICY_VERSION = 1
export const Q_POLICY_FORMAT = 'mfc-station/q-policy'

/** Substrate error bin edges, mM of acetate (target - measured is binned; the metric band is +/- 2 mM). */
export const SUBSTRATE_ERROR_EDGES_MM = [-4, -2, -1, -0.25, 0.25, 1, 2, 4] as const
/** Relative power change between two decisions below/above which the trend counts as falling/rising. */
export const POWER_TREND_EDGES = [-0.002, 0.002] as const
/** Direction of the last R_ext move: down, hold, up. */
export const LOAD_MOVES = 3
/** Actions: substrate actuator {down, hold, up} x R_ext {down, hold, up}; index = 3 * feed + load. */
export const ACTIONS = 9
export const HOLD_ACTION = 4

export const STATES = (SUBSTRATE_ERROR_EDGES_MM.length + 1) * (POWER_TREND_EDGES.length + 1) * LOAD_MOVES

export const qPolicySchema = z
  .object({
    format: z.literal(Q_POLICY_FORMAT),
    version: z.number().int(),
    actuator: z.enum(['feed', 'dosing']),
    /** Additive step of the substrate actuator (L/d or mg/d) and its limits. */
    substrateStep: z.number().positive().max(MAX_DOSING_MG_PER_DAY),
    substrateMin: z.number().min(0).max(MAX_DOSING_MG_PER_DAY),
    substrateMax: z.number().positive().max(MAX_DOSING_MG_PER_DAY),
    /** Relative R_ext step per action and its limits. */
    loadStepFraction: z.number().positive().max(1),
    loadMinOhm: resistanceOhm,
    loadMaxOhm: resistanceOhm,
    periodS,
    training: z
      .object({
        seed: z.number().int().min(0).max(0xffff_ffff),
        episodes: z.number().int().min(0).max(1_000_000),
        scenario: printableName(200),
        /** The stack shape it was trained on; a run of another shape refuses it (docs/simulation.md "qlearning"). */
        stack: z
          .object({ cells: z.number().int().min(1).max(MAX_CELLS), wiring: z.enum(STACK_WIRINGS) })
          .strict()
          .optional(),
      })
      .strict(),
    q: z.array(z.array(z.number()).length(ACTIONS)).length(STATES),
  })
  .strict()
  .refine((policy) => policy.version === Q_POLICY_VERSION, {
    message: `unsupported policy version (this build reads version ${Q_POLICY_VERSION})`,
    path: ['version'],
  })
  .refine((policy) => policy.substrateMax <= SUBSTRATE_ACTUATOR_MAX[policy.actuator], {
    message: "beyond the actuator's range",
    path: ['substrateMax'],
  })
  .refine((policy) => policy.substrateMin < policy.substrateMax, {
    message: 'substrateMin must be below substrateMax',
    path: ['substrateMin'],
  })
  .refine((policy) => policy.loadMinOhm < policy.loadMaxOhm, {
    message: 'loadMinOhm must be below loadMaxOhm',
    path: ['loadMinOhm'],
  })

export type QPolicy = z.infer<typeof qPolicySchema>

/** An independent copy of a policy: operating or evaluating one must never change the table it came from. */
export function copyQPolicy(policy: QPolicy): QPolicy {
  const { stack } = policy.training
  return {
    ...policy,
    training: { ...policy.training, ...(stack ? { stack: { ...stack } } : {}) },
    q: policy.q.map((row) => [...row]),
  }
}

/** A policy with an all-zero table: acts "hold, hold" everywhere until trained. */
export function emptyQPolicy(
  settings: Omit<QPolicy, 'format' | 'version' | 'q' | 'training'>,
  training: QPolicy['training'],
): QPolicy {
  return {
    format: Q_POLICY_FORMAT,
    version: Q_POLICY_VERSION,
    ...settings,
    training,
    q: Array.from({ length: STATES }, () => new Array<number>(ACTIONS).fill(0)),
  }
}

function bin(value: number, edges: readonly number[]): number {
  let index = 0
  while (index < edges.length && value > (edges[index] as number)) index += 1
  return index
}

/** The discrete state: substrate error bin, power trend bin, last load move (0 down, 1 hold, 2 up). */
export function stateIndex(substrateErrorMm: number, powerTrend: number, lastLoadMove: number): number {
  const trendBins = POWER_TREND_EDGES.length + 1
  return (
    (bin(substrateErrorMm, SUBSTRATE_ERROR_EDGES_MM) * trendBins + bin(powerTrend, POWER_TREND_EDGES)) * LOAD_MOVES +
    lastLoadMove
  )
}
