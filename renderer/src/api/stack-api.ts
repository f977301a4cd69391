import { controlStatusSchema, interlockStatusSchema, type ControlStatus } from '../../../server/contract/control'
import type { InterlockStatus } from '../../../server/contract/control'
import type { HttpClient } from './http-client'

/** The stack's control state and the interlock acknowledgement (docs/control.md "API"). */
export function createStackApi(http: HttpClient) {
  return {
    status: (): Promise<ControlStatus> => http.request('GET', '/api/v1/stack', controlStatusSchema),
    acknowledge: (id: string): Promise<InterlockStatus> =>
      http.request('POST', `/api/v1/stack/interlocks/${encodeURIComponent(id)}/acknowledge`, interlockStatusSchema),
  }
}

export type StackApi = ReturnType<typeof createStackApi>
