import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createStationClient } from '../../server/api-client/client.js'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// The client generated from docs/openapi.json (openapi-typescript + openapi-fetch) against a real
// station, trusting exactly its certificate.
let station: TestStation
beforeAll(async () => {
  station = await startTestStation()
})
afterAll(() => station.dispose())

describe('the typed client', () => {
  it('reads typed answers: health, the run, the latest frame, the runs page', async () => {
    const client = createStationClient({ url: station.url, token: station.adminToken, ca: station.certificatePem })
    const health = await client.GET('/api/v1/health')
    expect(health.data?.status).toBe('ok')
    expect(health.data?.components?.map((component) => component.name)).toContain('simulation')
    const run = await client.GET('/api/v1/simulation')
    expect(run.data?.state).toBe('running')
    const latest = await client.GET('/api/v1/telemetry/latest')
    if (latest.response.status === 200) expect(latest.data?.cells.length).toBe(run.data?.cells)
    else expect(latest.error?.error.code).toBe('not_found')
    // The recorder writes the run's row with its first batch of frames.
    await vi.waitFor(
      async () => {
        const runs = await client.GET('/api/v1/runs', { params: { query: { limit: 5 } } })
        expect(runs.data?.runs[0]?.runId).toBe(run.data?.runId)
      },
      { timeout: 10_000, interval: 200 },
    )
  })

  it('sends typed bodies and path parameters, and gets the one error shape back', async () => {
    const client = createStationClient({ url: station.url, token: station.adminToken, ca: station.certificatePem })
    const created = await client.POST('/api/v1/tokens', { body: { name: 'typed-client', role: 'viewer' } })
    expect(created.response.status).toBe(201)
    expect(created.data?.token).toMatch(/^mfc_/)
    const viewer = createStationClient({ url: station.url, token: created.data!.token, ca: station.certificatePem })
    const refused = await viewer.POST('/api/v1/simulation/pause')
    expect(refused.response.status).toBe(403)
    expect(refused.error?.error.code).toBe('forbidden')
    const revoked = await client.DELETE('/api/v1/tokens/{id}', { params: { path: { id: created.data!.id } } })
    expect(revoked.response.status).toBe(204)
    expect((await viewer.GET('/api/v1/simulation')).response.status).toBe(401)
  })

  it('refuses a station whose certificate it was not told to trust', async () => {
    const stranger = createStationClient({ url: station.url, token: station.adminToken })
    await expect(stranger.GET('/api/v1/health')).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i)
  })
})
