import { parentPort, workerData } from 'node:worker_threads'
import { trainQPolicy } from '../sim/control/q-training.js'
import type { TrainingWork, WorkerMessage } from './worker-runner.js'

/*
 * The training job's worker thread (docs/simulation.md "Training from the UI"): the headless trainer,
 * off the station's event loop, posting each episode's reward and the finished policy.
 */
const work = workerData as TrainingWork
const post = (message: WorkerMessage) => parentPort?.postMessage(message)
const { policy } = trainQPolicy(
  {
    scenario: work.scenario,
    episodes: work.episodes,
    seed: work.seed,
    onEpisode: (episode, reward) => post({ kind: 'episode', episode, reward }),
  },
  work.settings,
)
post({ kind: 'done', policy })
