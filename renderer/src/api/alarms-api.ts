import { alarmListSchema, alarmSchema, type Alarm } from '../../../server/contract/alarms'
import type { HttpClient } from './http-client'

const path = (id: string, action: string) => `/api/v1/alarms/${encodeURIComponent(id)}/${action}`

/** The station's alarm list and the operator's actions on it (docs/api.md "Alarms"). */
export function createAlarmsApi(http: HttpClient) {
  return {
    list: async (): Promise<Alarm[]> => (await http.request('GET', '/api/v1/alarms', alarmListSchema)).alarms,
    acknowledge: (id: string): Promise<Alarm> => http.request('POST', path(id, 'acknowledge'), alarmSchema),
    shelve: (id: string, minutes: number, reason: string): Promise<Alarm> =>
      http.request('POST', path(id, 'shelve'), alarmSchema, { minutes, reason }),
    unshelve: (id: string): Promise<void> => http.send('POST', path(id, 'unshelve')),
  }
}

export type AlarmsApi = ReturnType<typeof createAlarmsApi>
