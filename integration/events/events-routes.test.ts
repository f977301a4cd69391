import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recentEventsSchema } from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation
beforeAll(async () => {
  station = await startTestStation()
})
afterAll(() => station.dispose())

describe('/api/v1/events', () => {
  it('keeps the recent events for a page that opens later, oldest first', async () => {
    const json = { 'content-type': 'application/json' }
    const injected = await httpsRequest(station, '/api/v1/simulation/faults', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: 'load-disconnect', durationS: 60 }),
    })
    expect(injected.status).toBe(201)
    await httpsRequest(station, '/api/v1/simulation/controller', {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ kind: 'mppt' }),
    })
    const { events } = recentEventsSchema.parse(JSON.parse((await httpsRequest(station, '/api/v1/events')).body))
    const kinds = events.map((message) => message.event.kind)
    expect(kinds.indexOf('fault')).toBeGreaterThanOrEqual(0)
    expect(kinds.lastIndexOf('controller')).toBeGreaterThan(kinds.indexOf('fault'))
    expect(events.map((m) => m.wallTimeMs)).toEqual([...events.map((m) => m.wallTimeMs)].sort((a, b) => a - b))
  })

  it('needs credentials like every other read', async () => {
    expect((await httpsRequest(station, '/api/v1/events', { anonymous: true })).status).toBe(401)
  })
})
