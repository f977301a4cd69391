import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { alarmHistorySchema, alarmListSchema } from '../../server/contract/alarms.js'
import { httpsRequest, loginAs, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const as = (headers: Record<string, string>, path: string, init: { method?: string; body?: unknown } = {}) =>
  httpsRequest(station, path, {
    method: init.method ?? 'GET',
    headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })

beforeAll(async () => {
  station = await startTestStation({ sim: { speed: 3600 } })
  for (const [username, role] of [
    ['olga', 'operator'],
    ['victor', 'viewer'],
  ])
    expect(
      (
        await httpsRequest(station, '/api/v1/users', {
          method: 'POST',
          ...json({ username, role, password: `${username} password 1` }),
        })
      ).status,
    ).toBe(201)
})
afterAll(() => station?.dispose())

describe('alarm management on a real station (operator-UI issue, item 2)', () => {
  it('a reversing cell raises one alarm, a second user acknowledges it, and the audit log and history say who', async () => {
    const starved = await httpsRequest(station, '/api/v1/simulation/faults', {
      method: 'POST',
      ...json({ kind: 'starvation', cell: 1 }),
    })
    expect(starved.status).toBe(201)
    const alarm = await vi.waitFor(
      async () => {
        const { alarms } = alarmListSchema.parse(JSON.parse((await httpsRequest(station, '/api/v1/alarms')).body))
        const found = alarms.find((a) => a.id === 'cell-voltage-reversal:2')
        if (!found) throw new Error(`not raised yet: ${JSON.stringify(alarms.map((a) => a.id))}`)
        return found
      },
      { timeout: 20_000, interval: 100 },
    )
    expect(alarm).toMatchObject({ cell: 2, severity: 'high', state: 'active-unacked', occurrences: 1 })

    const viewer = (await loginAs(station, 'victor', 'victor password 1')).headers
    expect((await as(viewer, `/api/v1/alarms/${alarm.id}/acknowledge`, { method: 'POST' })).status).toBe(403)
    const operator = (await loginAs(station, 'olga', 'olga password 1')).headers
    const acked = await as(operator, `/api/v1/alarms/${alarm.id}/acknowledge`, { method: 'POST' })
    expect(acked.status).toBe(200)
    expect(JSON.parse(acked.body)).toMatchObject({ state: 'active-acked', acknowledged: { by: 'olga' } })
    const shelve = await as(operator, `/api/v1/alarms/${alarm.id}/shelve`, {
      method: 'POST',
      body: { minutes: 2000, reason: 'x' },
    })
    expect(shelve.status).toBe(400)

    const audit = JSON.parse(
      (await httpsRequest(station, '/api/v1/security/audit?action=alarm.acknowledge')).body,
    ) as Array<{
      actor: string
      target: string
    }>
    expect(audit).toEqual([expect.objectContaining({ actor: 'olga', target: alarm.id })])
    const history = alarmHistorySchema.parse(
      JSON.parse((await httpsRequest(station, `/api/v1/alarms/history?alarmId=${alarm.id}`)).body),
    )
    expect(history.entries.map((e) => `${e.action} ${e.by}`)).toEqual(['acknowledged olga', 'raised null'])
  })
})
