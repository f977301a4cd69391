import {
  policyDocumentSchema,
  policyListSchema,
  trainingJobSchema,
  trainingStatusSchema,
  type PolicySummary,
  type TrainingJob,
  type TrainingRequest,
} from '../../../server/contract/policies'
import type { HttpClient } from './http-client'

const POLICIES = '/api/v1/simulation/policies'
const TRAINING = '/api/v1/simulation/training'

/** Q-learning policies and the training job (docs/api.md "Simulation"), every answer validated. */
export function createPoliciesApi(http: HttpClient) {
  return {
    list: async (): Promise<PolicySummary[]> => (await http.request('GET', POLICIES, policyListSchema)).policies,
    document: (name: string): Promise<Record<string, unknown>> =>
      http.request('GET', `${POLICIES}/${encodeURIComponent(name)}`, policyDocumentSchema),
    remove: (name: string): Promise<void> => http.send('DELETE', `${POLICIES}/${encodeURIComponent(name)}`),
    /** The latest training job; undefined before the first. */
    training: async (): Promise<TrainingJob | undefined> =>
      (await http.request('GET', TRAINING, trainingStatusSchema)).job ?? undefined,
    train: (request: TrainingRequest): Promise<TrainingJob> =>
      http.request('POST', TRAINING, trainingJobSchema, request),
    cancel: (): Promise<TrainingJob> => http.request('DELETE', TRAINING, trainingJobSchema),
  }
}

export type PoliciesApi = ReturnType<typeof createPoliciesApi>
