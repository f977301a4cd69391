import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { packageRoot } from '../package-info.js'
import type { QPolicy } from '../sim/control/q-policy.js'
import type { RunConfig } from '../sim/run-config.js'

/** What one training job computes: trainQPolicy's options and the policy's actuator settings. */
export type TrainingWork = {
  scenario: RunConfig
  episodes: number
  seed: number
  settings: Omit<QPolicy, 'format' | 'version' | 'q' | 'training'>
}

export type WorkerMessage = { kind: 'episode'; episode: number; reward: number } | { kind: 'done'; policy: QPolicy }

/** A started training: its result, and a cancel that stops it (the result then rejects with TrainingCancelled). */
export type TrainingHandle = { result: Promise<QPolicy>; cancel(): Promise<void> }

/** Starts a training; `onEpisode` gets each finished episode (0-based) and its total shaped reward. */
export type TrainingRunner = (
  work: TrainingWork,
  onEpisode: (episode: number, reward: number) => void,
) => TrainingHandle

export class TrainingCancelled extends Error {
  override name = 'TrainingCancelled'
  constructor() {
    super('training cancelled')
  }
}

/** The built worker: the station runs from dist/ (and from the package in the desktop app). */
const workerPath = join(packageRoot(), 'dist', 'server', 'policies', 'training-worker.js')

/** A heap cap for the worker: a table of 81 x 9 numbers and one run's state need far less. */
const WORKER_HEAP_MB = 256

/**
 * Runs a training in a worker thread, so the event loop keeps serving HTTP, the stream and the run
 * (one core at most: the job is one thread). Cancelling terminates the thread.
 */
export const runTrainingInWorker: TrainingRunner = (work, onEpisode) => {
  const worker = new Worker(workerPath, {
    workerData: work,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  })
  let cancelled = false
  const result = new Promise<QPolicy>((resolve, reject) => {
    let policy: QPolicy | undefined
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'episode') onEpisode(message.episode, message.reward)
      else policy = message.policy
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (cancelled) reject(new TrainingCancelled())
      else if (policy) resolve(policy)
      else reject(new Error(`the training worker exited with code ${code} before finishing`))
    })
  })
  return {
    result,
    async cancel() {
      cancelled = true
      await worker.terminate()
    },
  }
}
