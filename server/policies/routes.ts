import type { Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { auditedBy } from '../auth/route-audit.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import {
  policyDocumentSchema,
  policyListSchema,
  policyNameParamsSchema,
  trainingJobSchema,
  trainingRequestSchema,
  trainingStatusSchema,
} from '../contract/policies.js'
import { parseBody, parseParams } from '../validation.js'
import type { PolicyStore } from './store.js'
import type { TrainingJobs } from './training.js'

const read = 'simulation:read'
const control = 'simulation:control'

// Neither a policy nor a training job changes the run: like a sweep, they need no control lock.
export const policiesApi = describeRoutes({
  name: 'policies',
  mount: '/simulation/policies',
  tag: 'Simulation',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'The Q-learning policies: the bundled one and those trained on this station',
      access: read,
      responses: { 200: policyListSchema },
    },
    get: {
      method: 'get',
      path: '/:name',
      summary: 'One policy document, to switch the controller to (PUT /simulation/controller)',
      access: read,
      params: policyNameParamsSchema,
      responses: { 200: policyDocumentSchema },
      errors: [404],
    },
    delete: {
      method: 'delete',
      path: '/:name',
      summary: 'Delete a trained policy (the bundled one stays)',
      access: control,
      controlLock: false,
      params: policyNameParamsSchema,
      responses: { 204: { description: 'deleted' } },
      errors: [404, 409],
    },
  },
})

export const trainingApi = describeRoutes({
  name: 'training',
  mount: '/simulation/training',
  tag: 'Simulation',
  endpoints: {
    status: {
      method: 'get',
      path: '/',
      summary: 'The latest training job: episode k of n, the mean reward of the latest episodes (null before any)',
      access: read,
      responses: { 200: trainingStatusSchema },
    },
    start: {
      method: 'post',
      path: '/',
      summary: "Train a Q-learning policy on the current run's configuration, in the background",
      description:
        'One job at a time: a second one while the first runs is a 409 conflict, as is a name already taken. The policy is saved under its name when the job is done.',
      access: control,
      controlLock: false,
      body: trainingRequestSchema,
      responses: { 202: trainingJobSchema },
      errors: [409],
    },
    cancel: {
      method: 'delete',
      path: '/',
      summary: 'Cancel the running training job (nothing is saved)',
      access: control,
      controlLock: false,
      responses: { 200: trainingJobSchema },
      errors: [409],
    },
  },
})

/** `/api/v1/simulation/policies` (docs/api.md "Simulation"): list, read and delete named policies. */
export function createPoliciesRouter(deps: {
  store: PolicyStore
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
}): Router {
  const audit = auditedBy(deps.audit)
  return describedRouter(policiesApi, deps.guard, {
    list: (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ policies: deps.store.list() })
    },
    get: (req, res) => {
      res.json(deps.store.get(parseParams(policyNameParamsSchema, req).name))
    },
    delete: (req, res) => {
      const { name } = parseParams(policyNameParamsSchema, req)
      deps.store.delete(name)
      audit(res, { action: 'policy.delete', target: name })
      res.status(204).end()
    },
  })
}

/** `/api/v1/simulation/training`: start, follow and cancel the training job; start and cancel are audited. */
export function createTrainingRouter(deps: {
  jobs: TrainingJobs
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
}): Router {
  const audit = auditedBy(deps.audit)
  return describedRouter(trainingApi, deps.guard, {
    status: (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ job: deps.jobs.status() ?? null })
    },
    start: (req, res) => {
      const request = parseBody(trainingRequestSchema, req)
      const job = deps.jobs.start(request, principalOf(res)?.name ?? 'unknown')
      audit(res, {
        action: 'policy.train.start',
        target: request.name,
        details: { episodes: request.episodes, seed: request.seed },
      })
      res.status(202).json(job)
    },
    cancel: async (_req, res) => {
      const job = await deps.jobs.cancel()
      audit(res, { action: 'policy.train.cancel', target: job.name, details: { episode: job.episode } })
      res.json(job)
    },
  })
}
