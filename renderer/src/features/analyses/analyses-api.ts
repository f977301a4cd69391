import {
  coulombicResultSchema,
  polarizationAnalysisSchema,
  type CoulombicRequest,
  type PolarizationRequest,
} from '../../../../server/contract/analyses'
import { runListSchema } from '../../../../server/contract/telemetry'
import type { HttpClient } from '../../api/http-client'

export type PolarizationBody = Omit<PolarizationRequest, 'file'> & {
  file?: Partial<NonNullable<PolarizationRequest['file']>> & { text: string }
}
export type CoulombicBody = Omit<CoulombicRequest, 'cycles' | 'file'> & {
  cycles?: CoulombicRequest['cycles']
  file?: Partial<NonNullable<CoulombicRequest['file']>> & { text: string }
}

/** The analyses' routes (docs/api.md "Analyses") and the recorded runs they can read. */
export function createAnalysesApi(http: Pick<HttpClient, 'request'>) {
  return {
    polarization: (body: PolarizationBody) =>
      http.request('POST', '/api/v1/analyses/polarization', polarizationAnalysisSchema, body),
    coulombic: (body: CoulombicBody) => http.request('POST', '/api/v1/analyses/coulombic', coulombicResultSchema, body),
    runs: async () => (await http.request('GET', '/api/v1/runs?limit=50', runListSchema)).runs,
  }
}

export type AnalysesApi = ReturnType<typeof createAnalysesApi>
