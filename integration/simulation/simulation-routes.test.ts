import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { errorBodySchema } from '../../server/contract/errors.js'
import { polarizationSweepSchema, runMetricsSchema, simulationStatusSchema } from '../../server/contract/simulation.js'
import { telemetryFrameSchema } from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation
beforeAll(async () => {
  station = await startTestStation({ sim: { tickHz: 20, speed: 3600 } })
})
afterAll(() => station.dispose())

async function call(method: string, path: string, body?: unknown) {
  const res = await httpsRequest(station, `/api/v1/simulation${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  return { status: res.status, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) }
}

describe('/api/v1/simulation over the real station', () => {
  it('reports the running default run and its latest frame', async () => {
    const status = simulationStatusSchema.parse((await call('GET', '')).body)
    expect(status).toMatchObject({ state: 'running', name: 'station-default', cells: 5, controller: 'fixed' })
    const latest = await vi.waitFor(async () => telemetryFrameSchema.parse((await call('GET', '/latest')).body))
    expect(latest.runId).toBe(status.runId)
    runMetricsSchema.parse((await call('GET', '/metrics')).body)
  })

  it('pauses, resumes, stops and resets, with a new run id after reset', async () => {
    const before = simulationStatusSchema.parse((await call('GET', '')).body)
    expect(simulationStatusSchema.parse((await call('POST', '/pause')).body).state).toBe('paused')
    const paused = simulationStatusSchema.parse((await call('GET', '')).body).simTimeS
    // Nothing to wait for: a paused run must stay put over more than one output period (100 ms).
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(simulationStatusSchema.parse((await call('GET', '')).body).simTimeS).toBe(paused)
    expect(simulationStatusSchema.parse((await call('POST', '/resume')).body).state).toBe('running')
    expect(simulationStatusSchema.parse((await call('POST', '/stop')).body).state).toBe('stopped')
    const reset = simulationStatusSchema.parse((await call('POST', '/reset')).body)
    expect(reset).toMatchObject({ state: 'idle', simTimeS: 0 })
    expect(reset.runId).not.toBe(before.runId)
    expect(simulationStatusSchema.parse((await call('POST', '/start')).body).state).toBe('running')
  })

  it('switches the controller live and refuses an invalid one with the field path', async () => {
    const switched = await call('PUT', '/controller', { kind: 'mppt', stepFraction: 0.05 })
    expect(switched.status).toBe(200)
    expect(simulationStatusSchema.parse(switched.body).controller).toBe('mppt')

    const refused = await call('PUT', '/controller', { kind: 'pid', outputMin: 2, outputMax: 1 })
    expect(refused.status).toBe(400)
    const error = errorBodySchema.parse(refused.body).error
    expect(error.code).toBe('bad_request')
    expect(error.details).toEqual({
      issues: [{ path: 'controller.outputMin', message: 'outputMin must be below outputMax' }],
    })
    expect(simulationStatusSchema.parse((await call('GET', '')).body).controller).toBe('mppt')
  })

  it('patches live configuration and defers structural changes to the next reset', async () => {
    expect((await call('PATCH', '/config', { load: { rExtOhm: 450 } })).body).toEqual({ restartRequired: false })
    expect((await call('GET', '/config')).body).toMatchObject({ load: { rExtOhm: 450 } })
    expect((await call('PATCH', '/config', { stack: { cells: 8 } })).body).toEqual({ restartRequired: true })
    expect(simulationStatusSchema.parse((await call('GET', '')).body)).toMatchObject({
      cells: 5,
      restartRequired: true,
    })
    const bad = await call('PATCH', '/config', { feed: { flowLPerDay: -1 } })
    expect(bad.status).toBe(400)
    expect(errorBodySchema.parse(bad.body).error.message).toMatch(/feed\.flowLPerDay/)
  })

  it('injects and clears faults, refusing unknown cells and ids', async () => {
    const injected = await call('POST', '/faults', { kind: 'starvation', cell: 1, durationS: 10 * 86_400 })
    expect(injected.status).toBe(201)
    const { id } = injected.body as { id: number }
    // The fault takes effect with the engine's next step.
    await expect
      .poll(async () => simulationStatusSchema.parse((await call('GET', '')).body).activeFaults.map((f) => f.id))
      .toContain(id)
    expect((await call('POST', '/faults', { kind: 'starvation', cell: 9 })).status).toBe(400)
    expect((await call('POST', '/faults', { kind: 'meteor-strike' })).status).toBe(400)
    expect((await call('DELETE', `/faults/${id}`)).status).toBe(204)
    expect((await call('DELETE', `/faults/${id}`)).status).toBe(404)
    expect((await call('DELETE', '/faults/abc')).status).toBe(400)
  })

  it('sweeps R_ext and reports the maximum power point; bad ranges are refused', async () => {
    const sweep = polarizationSweepSchema.parse(
      (await call('POST', '/sweep', { minOhm: 50, maxOhm: 3000, points: 8 })).body,
    )
    expect(sweep.points).toHaveLength(8)
    const best = Math.max(...sweep.points.map((p) => p.powerW))
    expect(sweep.mpp.powerW).toBeGreaterThanOrEqual(best)
    expect((await call('POST', '/sweep', { minOhm: 100, maxOhm: 10 })).status).toBe(400)
    expect((await call('POST', '/sweep', { points: 100_000 })).status).toBe(400)
  })

  it('changes speed and output rate, refusing an empty request', async () => {
    expect(
      simulationStatusSchema.parse((await call('PUT', '/speed', { speed: 1200, outputHz: 5 })).body),
    ).toMatchObject({ speed: 1200, outputHz: 5 })
    expect((await call('PUT', '/speed', {})).status).toBe(400)
  })
})
