import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthSchema } from '../../server/contract/health.js'
import { simulationStatusSchema } from '../../server/contract/simulation.js'
import { telemetryFrameSchema } from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// Clients of the reference MFC monitoring API keep working: its paths, a bearer token, the same answers.
let station: TestStation
beforeAll(async () => {
  station = await startTestStation({ sim: { tickHz: 20 } })
})
afterAll(() => station.dispose())

describe('reference API aliases', () => {
  it('GET /health answers like /api/v1/health, without credentials', async () => {
    const res = await httpsRequest(station, '/health', { anonymous: true })
    expect(res.status).toBe(200)
    expect(healthSchema.parse(JSON.parse(res.body)).version).toBe(station.version)
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  })

  it('GET /simulation/status, POST /simulation/stop and /start, GET /data/latest with a bearer token', async () => {
    expect(
      simulationStatusSchema.parse(JSON.parse((await httpsRequest(station, '/simulation/status')).body)).state,
    ).toBe('running')
    await expect.poll(async () => (await httpsRequest(station, '/data/latest')).status).toBe(200)
    telemetryFrameSchema.parse(JSON.parse((await httpsRequest(station, '/data/latest')).body))
    const stopped = await httpsRequest(station, '/simulation/stop', { method: 'POST' })
    expect(simulationStatusSchema.parse(JSON.parse(stopped.body)).state).toBe('stopped')
    const started = await httpsRequest(station, '/simulation/start', { method: 'POST' })
    expect(simulationStatusSchema.parse(JSON.parse(started.body)).state).toBe('running')
  })

  it('serves the UI at /setup, the address the first-run hint names', async () => {
    const res = await httpsRequest(station, '/setup', { anonymous: true })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toContain('<title>MFC Station</title>')
  })

  it('refuses anonymous callers on everything but health, in the one error shape', async () => {
    for (const [method, path] of [
      ['GET', '/simulation/status'],
      ['POST', '/simulation/start'],
      ['POST', '/simulation/stop'],
      ['GET', '/data/latest'],
    ] as const) {
      const res = await httpsRequest(station, path, { method, anonymous: true })
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unauthorized' } })
    }
  })
})
