import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

type AuditRow = { actor: string; action: string; target: string | null; details: Record<string, unknown> | null }

let station: TestStation
beforeAll(async () => {
  station = await startTestStation({ sim: { tickHz: 10, speed: 60 } })
})
afterAll(() => station.dispose())

async function call(method: string, path: string, body?: unknown) {
  const res = await httpsRequest(station, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  return { status: res.status, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) }
}

const audited = async (action: string) =>
  (await call('GET', `/api/v1/security/audit?action=${action}`)).body as AuditRow[]

describe('control actions on the simulation are audited with who did them (docs/control.md "Audit")', () => {
  it('a controller switch, like the stack route, names the controller and its settings', async () => {
    expect((await call('PUT', '/api/v1/simulation/controller', { kind: 'mppt', stepFraction: 0.05 })).status).toBe(200)
    const [entry] = await audited('controller.switch')
    expect(entry).toMatchObject({ actor: 'token test-admin', target: 'mppt' })
    expect(entry?.details).toEqual({ config: { kind: 'mppt', stepFraction: 0.05 } })

    // Through the stack route the simulation's control port writes the same action (newest first).
    expect((await call('PUT', '/api/v1/stack/controller', { kind: 'fixed' })).status).toBe(200)
    expect((await audited('controller.switch')).map((row) => row.target)).toEqual(['fixed', 'mppt'])
  })

  it('a refused controller changes nothing and is not audited', async () => {
    const refused = await call('PUT', '/api/v1/simulation/controller', { kind: 'pid', outputMin: 2, outputMax: 1 })
    expect(refused.status).toBe(400)
    expect(await audited('controller.switch')).toHaveLength(2)
  })

  it('load and feed changes keep the patch; a fault keeps its id and settings, and its clearing', async () => {
    const patch = { load: { rExtOhm: 220 }, feed: { flowLPerDay: 0.8 } }
    expect((await call('PATCH', '/api/v1/simulation/config', patch)).status).toBe(200)
    expect(await audited('simulation.configure')).toEqual([
      expect.objectContaining({ actor: 'token test-admin', target: 'load,feed', details: { patch } }),
    ])

    const injected = await call('POST', '/api/v1/simulation/faults', { kind: 'starvation', cell: 1, durationS: 600 })
    expect(injected.status).toBe(201)
    const { id } = injected.body as { id: number }
    expect(await audited('fault.inject')).toEqual([
      expect.objectContaining({
        ...{ actor: 'token test-admin', target: 'starvation' },
        details: { id, fault: { kind: 'starvation', cell: 1, durationS: 600 } },
      }),
    ])
    expect((await call('DELETE', `/api/v1/simulation/faults/${id}`)).status).toBe(204)
    expect(await audited('fault.clear')).toEqual([
      expect.objectContaining({ actor: 'token test-admin', target: String(id) }),
    ])
  })

  it('run commands and the speed name the run', async () => {
    const paused = (await call('POST', '/api/v1/simulation/pause')).body as { runId: string }
    expect((await call('POST', '/api/v1/simulation/resume')).status).toBe(200)
    expect((await call('PUT', '/api/v1/simulation/speed', { speed: 120 })).status).toBe(200)
    expect(await audited('run.pause')).toEqual([
      expect.objectContaining({ actor: 'token test-admin', target: paused.runId, details: { state: 'paused' } }),
    ])
    expect(await audited('run.resume')).toHaveLength(1)
    expect(await audited('simulation.speed')).toEqual([
      expect.objectContaining({ target: paused.runId, details: { speed: 120 } }),
    ])
  })
})
