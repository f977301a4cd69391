import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  policyListSchema,
  trainingJobSchema,
  trainingStatusSchema,
  type TrainingJob,
} from '../../server/contract/policies.js'
import { simulationStatusSchema } from '../../server/contract/simulation.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

/*
 * Training from the UI through the API (docs/simulation.md "Training from the UI"): a small training on
 * the running two-cell stack in the station's worker thread, the policy saved under its name, chosen and
 * run; the bundled policy refused for this stack with the reason; cancel and delete audited.
 */

let station: TestStation
const scenarioDir = mkdtempSync(join(tmpdir(), 'mfc-policies-'))
const send = (method: string, path: string, body?: unknown) =>
  httpsRequest(station, path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
const read = async (path: string): Promise<unknown> => {
  const res = await httpsRequest(station, path)
  expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(200)
  return JSON.parse(res.body) as unknown
}
const job = async () => {
  const { job: latest } = trainingStatusSchema.parse(await read('/api/v1/simulation/training'))
  if (!latest) throw new Error('no training job')
  return latest
}
const until = (state: TrainingJob['state']) =>
  vi.waitFor(
    async () => {
      const current = await job()
      if (current.state !== state) throw new Error(`training ${current.state}, episode ${current.episode}`)
      return current
    },
    { timeout: 15_000, interval: 100 },
  )

beforeAll(async () => {
  const scenario = join(scenarioDir, 'two-cells.json')
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'two-cells',
      durationS: 31_536_000,
      stack: { cells: 2, wiring: 'series' },
      feed: { influentMgL: 600 },
      load: { rExtOhm: 300 },
      metrics: { optimumPeriodS: 0 },
    }),
  )
  station = await startTestStation({ sim: { scenario, speed: 600 } })
})
afterAll(async () => {
  await station?.dispose()
  rmSync(scenarioDir, { recursive: true, force: true })
})

describe('Q-learning policies through the API', () => {
  it('trains in the background, saves the policy under its name, and runs it', async () => {
    const before = policyListSchema.parse(await read('/api/v1/simulation/policies')).policies
    expect(before.map((p) => [p.name, p.origin, p.stack?.cells])).toEqual([['default-5-cell', 'bundled', 5]])
    expect(await read('/api/v1/simulation/training')).toEqual({ job: null })
    const started = await send('POST', '/api/v1/simulation/training', {
      ...{ name: 'two-cell-quick', episodes: 4, seed: 2, episodeS: 6 * 3600 },
    })
    expect(started.status, started.body).toBe(202)
    expect(trainingJobSchema.parse(JSON.parse(started.body))).toMatchObject({ state: 'running', episodes: 4 })
    const second = await send('POST', '/api/v1/simulation/training', { name: 'another', episodes: 2 })
    expect([second.status, second.body]).toEqual([409, expect.stringContaining('already being trained')])
    // The station keeps answering while the worker trains.
    expect(simulationStatusSchema.parse(await read('/api/v1/simulation')).state).toBe('running')
    const done = await until('done')
    expect(done).toMatchObject({ episode: 4, episodes: 4, error: null })
    expect(done.meanReward).toEqual(expect.any(Number))

    const listed = policyListSchema.parse(await read('/api/v1/simulation/policies')).policies
    expect(listed.find((p) => p.name === 'two-cell-quick')).toMatchObject({
      ...{ origin: 'trained', stack: { cells: 2, wiring: 'series' }, episodes: 4, seed: 2, scenario: 'two-cells' },
    })
    const policy = await read('/api/v1/simulation/policies/two-cell-quick')
    const switched = await send('PUT', '/api/v1/simulation/controller', { kind: 'qlearning', policy })
    expect(switched.status, switched.body).toBe(200)
    expect(simulationStatusSchema.parse(JSON.parse(switched.body)).controller).toBe('qlearning')
  })

  it('refuses the bundled policy on a stack of another shape, with the reason', async () => {
    const bundled = await read('/api/v1/simulation/policies/default-5-cell')
    const refused = await send('PUT', '/api/v1/simulation/controller', { kind: 'qlearning', policy: bundled })
    expect(refused.status).toBe(400)
    expect(refused.body).toContain(
      'controller.policy.training.stack: the policy was trained for a 5-cell series stack, this run is a 2-cell series stack',
    )
  })

  it('cancels a training (nothing saved), deletes a trained policy, keeps the bundled one, and audits each', async () => {
    const started = await send('POST', '/api/v1/simulation/training', { name: 'long-one', episodes: 400 })
    expect(started.status, started.body).toBe(202)
    const cancelled = await send('DELETE', '/api/v1/simulation/training')
    expect(cancelled.status, cancelled.body).toBe(200)
    expect(trainingJobSchema.parse(JSON.parse(cancelled.body)).state).toBe('cancelled')
    expect((await send('DELETE', '/api/v1/simulation/training')).status).toBe(409)
    expect((await send('DELETE', '/api/v1/simulation/policies/two-cell-quick')).status).toBe(204)
    expect((await send('DELETE', '/api/v1/simulation/policies/default-5-cell')).status).toBe(409)
    const names = policyListSchema.parse(await read('/api/v1/simulation/policies')).policies.map((p) => p.name)
    expect(names).toEqual(['default-5-cell'])
    const audit = (await read('/api/v1/security/audit?limit=50')) as Array<{ action: string; target: string }>
    const actions = audit.filter((entry) => entry.action.startsWith('policy.')).map((e) => `${e.action} ${e.target}`)
    expect(actions).toEqual(
      expect.arrayContaining([
        'policy.train.start two-cell-quick',
        'policy.train.start long-one',
        'policy.train.cancel long-one',
        'policy.delete two-cell-quick',
      ]),
    )
  })
})
