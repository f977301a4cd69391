import type { RunConfig } from '../run-config.js'
import { createRandom } from '../random.js'
import { createRun } from '../run.js'
import { copyQPolicy, emptyQPolicy, type QPolicy } from './q-policy.js'
import { createQLearningController } from './q-learning.js'

export type TrainingOptions = {
  /** The scenario the agent trains on (validated run config); its controller is replaced. */
  scenario: RunConfig
  episodes: number
  seed: number
  /** Q-learning step size and discount; exploration anneals linearly from epsilonStart to epsilonEnd. */
  alpha?: number
  gamma?: number
  epsilonStart?: number
  epsilonEnd?: number
  /** Called after each episode with its total shaped reward. */
  onEpisode?: (episode: number, reward: number) => void
}

/** Actuator ranges of a policy for the benchmark's single cell (feed in L/d, R_ext in ohm, decide every 10 min). */
export const defaultPolicySettings = {
  actuator: 'feed',
  substrateStep: 0.05,
  substrateMin: 0.02,
  substrateMax: 1.5,
  loadStepFraction: 0.05,
  loadMinOhm: 5,
  loadMaxOhm: 5000,
  periodS: 600,
} as const satisfies Omit<QPolicy, 'format' | 'version' | 'q' | 'training'>

/**
 * One episode: the scenario with its own seed (sensor noise, parameter spread) and an influent strength
 * scaled by a seeded factor in [0.8, 1.2], so the agent does not learn one trajectory by heart. The
 * tracking optimum is off: it is a metric, not part of the reward.
 */
function episodeRun(options: TrainingOptions, episode: number) {
  const random = createRandom(options.seed).fork(`episode-${episode}`)
  const scale = 0.8 + 0.4 * random.next()
  const scenario = options.scenario
  const config: RunConfig = {
    ...scenario,
    seed: (options.seed + episode) >>> 0,
    feed: {
      ...scenario.feed,
      influentMgL: scenario.feed.influentMgL * scale,
      influentSchedule: scenario.feed.influentSchedule.map((entry) => ({
        ...entry,
        influentMgL: entry.influentMgL * scale,
      })),
    },
    metrics: { ...scenario.metrics, optimumPeriodS: 0 },
  }
  return createRun(config, random.fork('run'))
}

/** Total shaped reward of the greedy policy (exploration off) on episode `episode`'s conditions. */
export function evaluateQPolicy(policy: QPolicy, options: TrainingOptions, episode = -1): number {
  const run = episodeRun(options, episode)
  const controller = createQLearningController(copyQPolicy(policy))
  run.setController(controller)
  run.advance(options.scenario.durationS)
  return controller.totalReward()
}

/**
 * Headless training over many episodes, as fast as the engine runs: epsilon-greedy exploration from a
 * seeded stream, one-step Q-learning updates, the table carried from episode to episode. Deterministic:
 * the same options give the same policy, byte for byte.
 */
export function trainQPolicy(
  options: TrainingOptions,
  settings: Omit<QPolicy, 'format' | 'version' | 'q' | 'training'> = defaultPolicySettings,
): { policy: QPolicy; rewards: number[] } {
  const policy = emptyQPolicy(settings, {
    seed: options.seed,
    episodes: options.episodes,
    scenario: options.scenario.name,
    stack: { cells: options.scenario.stack.cells, wiring: options.scenario.stack.wiring },
  })
  const explore = createRandom(options.seed).fork('exploration')
  const start = options.epsilonStart ?? 1
  const end = options.epsilonEnd ?? 0.05
  const rewards: number[] = []
  for (let episode = 0; episode < options.episodes; episode += 1) {
    const epsilon = options.episodes > 1 ? start + ((end - start) * episode) / (options.episodes - 1) : end
    const run = episodeRun(options, episode)
    const controller = createQLearningController(policy, {
      random: explore,
      alpha: options.alpha ?? 0.1,
      gamma: options.gamma ?? 0.95,
      epsilon: () => epsilon,
    })
    run.setController(controller)
    run.advance(options.scenario.durationS)
    rewards.push(controller.totalReward())
    options.onEpisode?.(episode, controller.totalReward())
  }
  return { policy, rewards }
}
