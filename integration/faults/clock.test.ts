import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { faketimeUnavailable, steppableClock } from '../../server/testing/faketime.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { call, type StationTarget } from '../../server/testing/station-client.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'

// The fault matrix's clock row (docs/testing.md "Fault matrix"): the wall clock of a running station
// jumps a year ahead and then back, as a wrong NTP server or an operator would do it.
const TOKEN = 'mfc_fault_clock_operator_token_0123456789'
const parts = requiredParts(
  'the clock-jump fault test',
  [faketimeUnavailable()].filter((p) => p !== undefined),
)
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-fault-clock-'))
let running: StationProcess | undefined
let station: StationTarget
let clock: ReturnType<typeof steppableClock>
afterAll(async () => {
  await running?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

type Run = { runId: string; frames: number }
const runs = async () => (JSON.parse((await call(station, '/api/v1/runs')).body) as { runs: Run[] }).runs
/** Ends the current run and starts a new one; resolves with it once the recorder has committed frames. */
async function newRun(): Promise<Run> {
  const known = new Set((await runs()).map((run) => run.runId))
  expect((await call(station, '/api/v1/simulation/reset', { method: 'POST' })).status).toBe(200)
  expect((await call(station, '/api/v1/simulation/start', { method: 'POST' })).status).toBe(200)
  return vi.waitFor(
    async () => {
      const fresh = (await runs()).find((run) => !known.has(run.runId))
      expect(fresh?.frames).toBeGreaterThan(0)
      return fresh!
    },
    { timeout: 10_000, interval: 200 },
  )
}
const anonymous = () => call(station, '/api/v1/health', { token: null })

describe.skipIf(parts.skip)('the wall clock jumps forward and back under a running station', () => {
  beforeAll(async () => {
    parts.assertPresent()
    clock = steppableClock(join(dataDir, 'faketime'))
    const env = {
      ...clock.env,
      MFC_API_TOKEN: TOKEN,
      MFC_API_TOKEN_HAZARDOUS: 'true',
      MFC_RATE_LIMIT_ANONYMOUS: '5',
      MFC_SIM_TICK_HZ: '20',
    }
    running = await startStationProcess({ dataDir: join(dataDir, 'data'), env, args: ['--secrets', 'file'] })
    station = { ...running, token: TOKEN }
  })

  it('keeps serving and recording, keeps limits working, and lists runs in the order they were recorded', async () => {
    const before = await newRun()
    clock.step('+400d')
    const ahead = await newRun()
    for (let i = 0; i < 5; i += 1) expect((await anonymous()).status).toBe(200)
    expect((await anonymous()).status).toBe(429)

    // Back to 10 days before the real date: a rate window must not stay closed until the clock catches up.
    clock.step('-10d')
    expect((await anonymous()).status).toBe(200)
    const after = await newRun()
    const listed = (await runs()).map((run) => run.runId)
    expect(listed.slice(0, 3)).toEqual([after.runId, ahead.runId, before.runId])

    const health = JSON.parse((await call(station, '/api/v1/health')).body) as {
      components: Array<{ name: string; up: boolean }>
    }
    expect(health.components.filter((c) => ['database', 'recording'].includes(c.name)).map((c) => c.up)).toEqual([
      true,
      true,
    ])
    // Nothing committed was lost on the way.
    const kept = new Map((await runs()).map((run) => [run.runId, run.frames]))
    expect(kept.get(before.runId)).toBeGreaterThanOrEqual(before.frames)
    expect(kept.get(ahead.runId)).toBeGreaterThanOrEqual(ahead.frames)
  })
})
