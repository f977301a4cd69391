import {
  cellProfileSchema,
  fitResultSchema,
  profileListSchema,
  twinSeriesSchema,
  twinStatusSchema,
  whatIfResultSchema,
  type FitRequestBody,
  type ProfileInput,
  type TwinStartRequest,
  type WhatIfRequest,
} from '../../../../server/contract/twin'
import { controlStatusSchema } from '../../../../server/contract/control'
import { procedureListSchema } from '../../../../server/contract/procedures'
import type { HttpClient } from '../../api/http-client'

/**
 * The twin's routes (docs/api.md "Twin"): fit, profiles, the twin run, its series and what-if; and the
 * saved procedures a what-if may run, with the stack's controller switch that applies a what-if's controller.
 */
export function createTwinApi(http: Pick<HttpClient, 'request'>) {
  return {
    fit: (body: FitRequestBody) => http.request('POST', '/api/v1/twin/fit', fitResultSchema, body),
    profiles: async () => (await http.request('GET', '/api/v1/twin/profiles', profileListSchema)).profiles,
    saveProfile: (name: string, input: ProfileInput) =>
      http.request('PUT', `/api/v1/twin/profiles/${encodeURIComponent(name)}`, cellProfileSchema, input),
    start: (body: Partial<TwinStartRequest> & Pick<TwinStartRequest, 'model'>) =>
      http.request('POST', '/api/v1/twin/start', twinStatusSchema, body),
    stop: () => http.request('POST', '/api/v1/twin/stop', twinStatusSchema, {}),
    status: () => http.request('GET', '/api/v1/twin', twinStatusSchema),
    series: (cell: number | undefined) =>
      http.request(
        'GET',
        `/api/v1/twin/series?points=300${cell === undefined ? '' : `&cell=${cell}`}`,
        twinSeriesSchema,
      ),
    whatIf: (body: Partial<WhatIfRequest> & Pick<WhatIfRequest, 'horizonS' | 'candidate'>) =>
      http.request('POST', '/api/v1/twin/what-if', whatIfResultSchema, body),
    procedures: async () => (await http.request('GET', '/api/v1/procedures', procedureListSchema)).procedures,
    switchController: (controller: { kind: string }) =>
      http.request('PUT', '/api/v1/stack/controller', controlStatusSchema.shape.controller, controller),
  }
}

export type TwinApi = ReturnType<typeof createTwinApi>
