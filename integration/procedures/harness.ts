import {
  procedureProgressSchema,
  type ProcedureDefinitionInput,
  type ProcedureProgress,
} from '../../server/contract/procedures.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { until } from '../instruments/harness.js'

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export async function api(station: TestStation, method: string, path: string, body?: unknown) {
  const res = await httpsRequest(station, `/api/v1${path}`, { method, ...(body === undefined ? {} : json(body)) })
  return { status: res.status, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) }
}

export async function save(station: TestStation, id: string, definition: ProcedureDefinitionInput) {
  const res = await api(station, 'PUT', `/procedures/${id}`, definition)
  if (res.status !== 201 && res.status !== 200) throw new Error(`PUT ${id}: ${res.status} ${JSON.stringify(res.body)}`)
}

export async function progressOf(station: TestStation): Promise<ProcedureProgress> {
  return procedureProgressSchema.parse((await api(station, 'GET', '/procedures/run')).body)
}

export const ended = (station: TestStation, timeoutMs: number) =>
  until(
    'the procedure ended',
    async () => {
      const progress = await progressOf(station)
      return ['finished', 'aborted', 'failed'].includes(progress.state) ? progress : undefined
    },
    timeoutMs,
  )
