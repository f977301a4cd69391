import type { z } from 'zod'
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
import { seriesFitResultSchema, type seriesFitRequestSchema } from '../../../../server/contract/twin-series-fit'
import type { HttpClient } from '../../api/http-client'

/** The series fit's body as sent (the station applies the defaults). */
export type SeriesFitInput = z.input<typeof seriesFitRequestSchema>

/** The twin's routes (docs/api.md "Twin"): fit, profiles, the twin run, its series and what-if. */
export function createTwinApi(http: Pick<HttpClient, 'request'>) {
  return {
    fit: (body: FitRequestBody) => http.request('POST', '/api/v1/twin/fit', fitResultSchema, body),
    fitSeries: (body: SeriesFitInput) => http.request('POST', '/api/v1/twin/fit/series', seriesFitResultSchema, body),
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
  }
}

export type TwinApi = ReturnType<typeof createTwinApi>
