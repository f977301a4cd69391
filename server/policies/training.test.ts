import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { trainingRequestSchema, type TrainingRequest } from '../contract/policies.js'
import { type AppError } from '../errors.js'
import { silentLogger } from '../logger.js'
import { emptyQPolicy, type QPolicy } from '../sim/control/q-policy.js'
import { defaultPolicySettings } from '../sim/control/q-training.js'
import { parseRunConfig } from '../sim/run-config.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createPolicyStore } from './store.js'
import { createTrainingJobs } from './training.js'
import { TrainingCancelled, type TrainingRunner, type TrainingWork } from './worker-runner.js'

/**
 * The worker thread is the seam: this runner stands in for it so the test decides when episodes end
 * (integration/policies/ trains for real through the API, in the worker).
 */
function controlledRunner() {
  const started: Array<{
    work: TrainingWork
    episode(index: number, reward: number): void
    finish(policy: QPolicy): void
    fail(error: Error): void
  }> = []
  const run: TrainingRunner = (work, onEpisode) => {
    let settle: { resolve(policy: QPolicy): void; reject(error: unknown): void } | undefined
    const result = new Promise<QPolicy>((resolve, reject) => (settle = { resolve, reject }))
    started.push({ work, episode: onEpisode, finish: (p) => settle?.resolve(p), fail: (e) => settle?.reject(e) })
    return { result, cancel: async () => settle?.reject(new TrainingCancelled()) }
  }
  return { run, started }
}

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function setup(cells = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-policies-'))
  dirs.push(dir)
  const store = createPolicyStore({ dir, bundledPath: join(dir, 'no-bundled.json') })
  const runner = controlledRunner()
  const scenario = parseRunConfig({ name: 'current', durationS: 365 * 86_400, stack: { cells } })
  const clock = createManualClock()
  const jobs = createTrainingJobs({ run: runner.run, store, clock, scenario: () => scenario, log: silentLogger })
  const start = (request: TrainingRequest) => jobs.start(trainingRequestSchema.parse(request), 'alice')
  return { store, runner, jobs, start, clock }
}

const policyFor = (work: TrainingWork) =>
  emptyQPolicy(work.settings, { seed: work.seed, episodes: work.episodes, scenario: work.scenario.name })
const settle = () => new Promise((resolve) => setImmediate(resolve))
const refusal = (action: () => unknown) => {
  try {
    action()
  } catch (error) {
    return error as AppError
  }
  throw new Error('not refused')
}

describe('the training job', () => {
  it("trains on the current run shortened to 10 days, reports episode k of n and the latest episodes' mean reward", async () => {
    const { runner, jobs, start, store } = setup()
    expect(start({ name: 'night-shift', episodes: 20, seed: 7 })).toMatchObject({ state: 'running', episode: 0 })
    const [job] = runner.started
    expect(job?.work).toMatchObject({ episodes: 20, seed: 7, settings: defaultPolicySettings })
    expect(job?.work.scenario.durationS).toBe(10 * 86_400)
    expect(job?.work.scenario.controller).toEqual({ kind: 'fixed', periodS: 60 })
    for (let i = 0; i < 12; i += 1) job?.episode(i, i)
    // The mean of the last 10 episodes (2..11).
    expect(jobs.status()).toMatchObject({ episode: 12, episodes: 20, meanReward: 6.5, startedBy: 'alice' })
    job?.finish(policyFor(job.work))
    await settle()
    expect(jobs.status()).toMatchObject({ state: 'done', error: null })
    expect(store.list().map((p) => p.name)).toEqual(['night-shift'])
  })

  it('refuses a second training while one runs, and a name already taken', async () => {
    const { runner, start } = setup()
    start({ name: 'first', episodes: 5 })
    const second = refusal(() => start({ name: 'second', episodes: 5 }))
    expect(second).toMatchObject({ code: 'conflict' })
    expect(second.message).toContain('first, episode 0 of 5')
    expect(runner.started).toHaveLength(1)
    runner.started[0]?.finish(policyFor(runner.started[0].work))
    await settle()
    expect(refusal(() => start({ name: 'first', episodes: 5 }))).toMatchObject({ code: 'conflict' })
    expect(runner.started).toHaveLength(1)
  })

  it('bounds episodes by the stack size and the R_ext range by its order', () => {
    const { start, runner } = setup(64)
    expect(refusal(() => start({ name: 'p', episodes: 100 })).message).toContain('at most 78 for this 64-cell stack')
    expect(refusal(() => start({ name: 'p', episodes: 5, loadMinOhm: 500, loadMaxOhm: 50 })).message).toContain(
      'loadMinOhm must be below loadMaxOhm',
    )
    expect(runner.started).toHaveLength(0)
  })

  it('cancels: nothing is saved, and the next training may start', async () => {
    const { runner, jobs, start, store } = setup()
    start({ name: 'cancelled-one', episodes: 50 })
    runner.started[0]?.episode(0, -3)
    expect(await jobs.cancel()).toMatchObject({ state: 'cancelled', episode: 1 })
    await settle()
    expect(store.list()).toEqual([])
    await expect(jobs.cancel()).rejects.toMatchObject({ code: 'conflict' })
    expect(start({ name: 'next', episodes: 5 }).state).toBe('running')
  })

  it('reports a failed training with its reason and saves nothing', async () => {
    const { runner, jobs, start, store } = setup()
    start({ name: 'doomed', episodes: 5 })
    runner.started[0]?.fail(new Error('the training worker exited with code 1 before finishing'))
    await settle()
    expect(jobs.status()).toMatchObject({ state: 'failed', error: expect.stringContaining('code 1') })
    expect(store.list()).toEqual([])
  })
})
