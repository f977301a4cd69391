import { join } from 'node:path'
import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { mountOf } from '../auth/route-description.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import type { RunConfig } from '../sim/run-config.js'
import { createPoliciesRouter, createTrainingRouter, policiesApi, trainingApi } from './routes.js'
import { createPolicyStore, type PolicyStore } from './store.js'
import { createTrainingJobs } from './training.js'
import { runTrainingInWorker, type TrainingRunner } from './worker-runner.js'

export type PoliciesModuleDeps = {
  dataDir: string
  /** The current run's configuration: what a training job trains on. */
  scenario: () => RunConfig
  clock: Clock
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  log: Logger
  /** Where the trainer runs; the default is a worker thread. */
  runner?: TrainingRunner
}

export type PoliciesModule = StationModule & { store: PolicyStore }

/**
 * Q-learning policies on a simulated station (docs/simulation.md "Policies"): the bundled policy and the
 * trained ones in `<dataDir>/policies/`, and training from the UI in a worker thread. Closing it stops a
 * training that is still running (nothing is saved).
 */
export function createPoliciesModule(deps: PoliciesModuleDeps): PoliciesModule {
  const store = createPolicyStore({ dir: join(deps.dataDir, 'policies') })
  const jobs = createTrainingJobs({
    ...{ run: deps.runner ?? runTrainingInWorker, store, clock: deps.clock },
    ...{ scenario: deps.scenario, log: deps.log },
  })
  const { guard, audit } = deps
  return {
    name: 'policies',
    store,
    routes: [
      mountOf(policiesApi, createPoliciesRouter({ store, guard, audit })),
      mountOf(trainingApi, createTrainingRouter({ jobs, guard, audit })),
    ],
    close: () => jobs.close(),
  }
}
