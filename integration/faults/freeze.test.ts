import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { httpsRequest } from '../../server/testing/station-fixture.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'

// Reliability issue, item 2: values the API accepts froze the station (every request timed out, SIGTERM
// was ignored). Each case runs against a real station process; each request must be served within a
// second while the engine works as hard as it may.
const TOKEN = 'mfc_freeze_test_operator_token_0123456789'
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

async function station(): Promise<StationProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-freeze-'))
  dirs.push(dataDir)
  return startStationProcess({
    dataDir,
    args: ['--secrets', 'file'],
    env: { MFC_API_TOKEN: TOKEN, MFC_API_TOKEN_HAZARDOUS: 'true' },
  })
}

const call = (s: StationProcess, method: string, path: string, body?: unknown) =>
  httpsRequest({ url: s.url, certificatePem: s.certificatePem() }, path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

/** The slowest of a few health requests while the station runs, in milliseconds. */
async function worstLatency(s: StationProcess, requests = 8): Promise<number> {
  let worst = 0
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now()
    expect((await call(s, 'GET', '/api/v1/health')).status).toBe(200)
    worst = Math.max(worst, performance.now() - started)
  }
  return worst
}

async function stopsOnSigterm(s: StationProcess): Promise<void> {
  const started = performance.now()
  expect(await s.stop('SIGTERM')).toBe(0)
  expect(performance.now() - started).toBeLessThan(10_000)
}

describe('no configuration freezes the station', () => {
  it('refuses a step of 1e-300 s, and stays responsive at the smallest step it accepts', async () => {
    const s = await station()
    try {
      const refused = await call(s, 'PATCH', '/api/v1/simulation/config', { stepS: 1e-300 })
      expect(refused.status).toBe(400)
      expect(refused.body).toContain('stepS')
      expect((await call(s, 'PATCH', '/api/v1/simulation/config', { stepS: 1e-4 })).status).toBe(200)
      expect((await call(s, 'POST', '/api/v1/simulation/reset')).status).toBe(200)
      expect((await call(s, 'POST', '/api/v1/simulation/start')).status).toBe(200)
      expect(await worstLatency(s)).toBeLessThan(1000)
    } finally {
      await stopsOnSigterm(s)
    }
  })

  it('stays responsive with 256 cells at "max" speed, and sets the speed back at once', async () => {
    const s = await station()
    try {
      expect((await call(s, 'PATCH', '/api/v1/simulation/config', { stack: { cells: 256 } })).status).toBe(200)
      expect((await call(s, 'POST', '/api/v1/simulation/reset')).status).toBe(200)
      expect((await call(s, 'POST', '/api/v1/simulation/start')).status).toBe(200)
      expect((await call(s, 'PUT', '/api/v1/simulation/speed', { speed: 'max' })).status).toBe(200)
      expect(await worstLatency(s)).toBeLessThan(1000)
      const started = performance.now()
      expect((await call(s, 'PUT', '/api/v1/simulation/speed', { speed: 600 })).status).toBe(200)
      expect(performance.now() - started).toBeLessThan(1000)
    } finally {
      await stopsOnSigterm(s)
    }
  })

  it('serves requests while a long polarization sweep runs, and refuses a second one meanwhile', async () => {
    const s = await station()
    try {
      expect((await call(s, 'PATCH', '/api/v1/simulation/config', { stack: { cells: 128 } })).status).toBe(200)
      expect((await call(s, 'POST', '/api/v1/simulation/reset')).status).toBe(200)
      const sweep = call(s, 'POST', '/api/v1/simulation/sweep', { minOhm: 10, maxOhm: 100_000, points: 100 })
      expect(await worstLatency(s, 4)).toBeLessThan(1000)
      const second = await call(s, 'POST', '/api/v1/simulation/sweep', { minOhm: 10, maxOhm: 1000, points: 5 })
      const done = await sweep
      expect(second.status).toBe(409)
      expect(done.status).toBe(200)
      expect((JSON.parse(done.body) as { points: unknown[] }).points).toHaveLength(100)
    } finally {
      await stopsOnSigterm(s)
    }
  })
})
