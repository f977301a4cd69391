import type { Clock } from '../clock.js'
import { MAX_TRAINING_CELL_EPISODES, type trainingRequestSchema, type TrainingJob } from '../contract/policies.js'
import { AppError } from '../errors.js'
import type { Logger } from '../logger.js'
import { defaultPolicySettings } from '../sim/control/q-training.js'
import { parseRunConfig, RunConfigError, type RunConfig } from '../sim/run-config.js'
import type { z } from 'zod'
import type { PolicyStore } from './store.js'
import { TrainingCancelled, type TrainingHandle, type TrainingRunner, type TrainingWork } from './worker-runner.js'

/** The mean reward the job reports is over this many of the latest episodes. */
export const REWARD_WINDOW = 10
/** An episode's default length: the run's duration, at most this (a station run may last a year). */
export const DEFAULT_EPISODE_S = 10 * 86_400

export type ParsedTrainingRequest = z.output<typeof trainingRequestSchema>

/** The episode scenario: the current run's configuration, shortened, under the fixed controller (the agent replaces it). */
function trainingWork(request: ParsedTrainingRequest, scenario: RunConfig): TrainingWork {
  const cells = scenario.stack.cells
  if (cells * request.episodes > MAX_TRAINING_CELL_EPISODES)
    throw new AppError(
      'bad_request',
      `episodes: at most ${Math.floor(MAX_TRAINING_CELL_EPISODES / cells)} for this ${cells}-cell stack (cells x episodes <= ${MAX_TRAINING_CELL_EPISODES})`,
    )
  const settings = {
    ...defaultPolicySettings,
    loadMinOhm: request.loadMinOhm ?? defaultPolicySettings.loadMinOhm,
    loadMaxOhm: request.loadMaxOhm ?? defaultPolicySettings.loadMaxOhm,
  }
  if (!(settings.loadMinOhm < settings.loadMaxOhm))
    throw new AppError('bad_request', 'loadMinOhm must be below loadMaxOhm')
  const durationS = request.episodeS ?? Math.min(scenario.durationS, DEFAULT_EPISODE_S)
  try {
    const episode = parseRunConfig({ ...scenario, durationS, controller: { kind: 'fixed' } })
    return { scenario: episode, episodes: request.episodes, seed: request.seed, settings }
  } catch (error) {
    if (error instanceof RunConfigError) throw new AppError('bad_request', `episodeS: ${error.message}`)
    throw error
  }
}

/**
 * The one training job at a time (docs/simulation.md "Training from the UI"): it trains on the current
 * run's configuration in the runner (a worker thread), reports episode k of n and the mean reward of the
 * latest episodes, and saves the result as a named policy. A second start while one runs is refused.
 */
export function createTrainingJobs(deps: {
  run: TrainingRunner
  store: PolicyStore
  clock: Pick<Clock, 'now'>
  scenario: () => RunConfig
  log: Logger
}) {
  let job: TrainingJob | undefined
  let handle: TrainingHandle | undefined
  let lastId = 0
  const finish = (current: TrainingJob, state: TrainingJob['state'], error: string | null = null) => {
    Object.assign(current, { state, error, finishedAtMs: deps.clock.now() })
    handle = undefined
  }
  return {
    status: (): TrainingJob | undefined => (job ? { ...job } : undefined),
    start(request: ParsedTrainingRequest, by: string): TrainingJob {
      if (job?.state === 'running')
        throw new AppError(
          'conflict',
          `a policy is already being trained (${job.name}, episode ${job.episode} of ${job.episodes}): cancel it or wait`,
        )
      if (deps.store.has(request.name))
        throw new AppError('conflict', `a policy named ${request.name} exists: delete it or choose another name`)
      const work = trainingWork(request, deps.scenario())
      const rewards: number[] = []
      const current: TrainingJob = {
        ...{ id: ++lastId, name: request.name, state: 'running', episode: 0, episodes: request.episodes },
        ...{ seed: request.seed, meanReward: null, startedBy: by, startedAtMs: deps.clock.now() },
        ...{ finishedAtMs: null, error: null },
      }
      job = current
      handle = deps.run(work, (episode, reward) => {
        rewards.push(reward)
        if (rewards.length > REWARD_WINDOW) rewards.shift()
        current.episode = episode + 1
        current.meanReward = rewards.reduce((sum, r) => sum + r, 0) / rewards.length
      })
      const failed = (error: unknown) => {
        if (error instanceof TrainingCancelled) return finish(current, 'cancelled')
        deps.log.error(`policy training ${current.name} failed: ${(error as Error).message}`)
        finish(current, 'failed', (error as Error).message)
      }
      handle.result.then((policy) => {
        try {
          deps.store.save(current.name, policy)
          finish(current, 'done')
        } catch (error) {
          failed(error)
        }
      }, failed)
      return { ...current }
    },
    async cancel(): Promise<TrainingJob> {
      if (!job || job.state !== 'running' || !handle) throw new AppError('conflict', 'no policy is being trained')
      const current = job
      await handle.cancel()
      // The result settles on the worker's exit; the state is final here either way.
      if (current.state === 'running') finish(current, 'cancelled')
      return { ...current }
    },
    close: async () => {
      await handle?.cancel()
    },
  }
}

export type TrainingJobs = ReturnType<typeof createTrainingJobs>
