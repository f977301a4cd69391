import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { alarmListSchema } from '../../server/contract/alarms.js'
import { onlineResistanceSchema } from '../../server/contract/analyses.js'
import {
  twinReplayResultSchema,
  twinSeriesSchema,
  twinStatusSchema,
  whatIfResultSchema,
} from '../../server/contract/twin.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

/*
 * The twin beside a run (docs/twin.md "The twin"): a simulated three-cell stack is the "real" source, the
 * twin runs the run's own cells. It follows with a small residual until a fault makes one cell leave
 * its model; then that cell's residual alarm is raised on the station's one alarm list. What-if, replay
 * and the online resistance work on the same run.
 */

let station: TestStation
const scenarioDir = mkdtempSync(join(tmpdir(), 'mfc-twin-'))
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const read = async (path: string) => {
  const res = await httpsRequest(station, path)
  expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(200)
  return JSON.parse(res.body) as unknown
}

const readPost = async (path: string, body: unknown) => {
  const res = await httpsRequest(station, path, json(body))
  expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(200)
  return JSON.parse(res.body) as unknown
}

beforeAll(async () => {
  const scenario = join(scenarioDir, 'three-cells.json')
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'twin-source',
      durationS: 31_536_000,
      stack: { cells: 3, wiring: 'series' },
      feed: { influentMgL: 600 },
      load: { rExtOhm: 300 },
      controller: { kind: 'mppt', periodS: 600 },
      metrics: { optimumPeriodS: 0 },
    }),
  )
  // One simulated hour per wall second: the run's first transient is over within the test's first seconds.
  station = await startTestStation({ sim: { scenario, speed: 3600 } })
})
afterAll(async () => {
  await station?.dispose()
  rmSync(scenarioDir, { recursive: true, force: true })
})

describe('the twin beside a run', () => {
  it('follows the run with its own cells, then flags the cell a biofilm loss takes out of its model', async () => {
    const started = await httpsRequest(
      station,
      '/api/v1/twin/start',
      json({ model: { source: 'run' }, bandV: 0.03, onDelayS: 1800, offDelayS: 1800 }),
    )
    expect(started.status, started.body).toBe(200)
    const following = await vi.waitFor(
      async () => {
        const status = twinStatusSchema.parse(await read('/api/v1/twin'))
        if (status.state !== 'following' || status.frames < 50) throw new Error(`not following yet: ${status.state}`)
        return status
      },
      { timeout: 20_000, interval: 200 },
    )
    expect(following.model).toBe('run "twin-source"')
    expect(following.cells).toHaveLength(3)
    for (const cell of following.cells) expect(Math.abs(cell.residualV ?? Infinity)).toBeLessThan(0.03)

    const fault = await httpsRequest(
      station,
      '/api/v1/simulation/faults',
      json({ kind: 'biofilm-loss', cell: 1, fraction: 0.95 }),
    )
    expect(fault.status).toBe(201)
    const alarm = await vi.waitFor(
      async () => {
        const { alarms } = alarmListSchema.parse(await read('/api/v1/alarms'))
        const found = alarms.find((a) => a.id === 'twin-residual:2')
        if (!found) throw new Error(`no twin alarm yet: ${JSON.stringify(alarms.map((a) => a.id))}`)
        return found
      },
      { timeout: 20_000, interval: 200 },
    )
    expect(alarm).toMatchObject({ ruleId: 'twin-residual', cell: 2, severity: 'medium', state: 'active-unacked' })
    expect(alarm.message).toMatch(/^Cell 2 leaves its model \(run "twin-source"\): measured /)
    const status = twinStatusSchema.parse(await read('/api/v1/twin'))
    expect(status.cells[1]?.alarm).toBe(true)
    expect(Math.abs(status.cells[1]?.residualV ?? 0)).toBeGreaterThan(0.03)
    expect(status.cells[0]?.alarm).toBe(false)

    const series = twinSeriesSchema.parse(await read('/api/v1/twin/series?cell=1&points=50'))
    expect(series.cell).toBe(1)
    expect(series.timeS.length).toBeGreaterThan(10)
    expect(series.timeS.length).toBeLessThanOrEqual(50)
    expect(series.measuredV).toHaveLength(series.timeS.length)
  }, 60_000)

  it('tracks R_int and OCV online from the MPPT steps, close to the model’s own internal resistance', async () => {
    const latest = (await read('/api/v1/simulation/latest')) as { cells: Array<{ internalOhm: number }> }
    const online = await vi.waitFor(
      async () => {
        const estimates = onlineResistanceSchema.parse(await read('/api/v1/analyses/online'))
        if ((estimates.cells[0]?.steps ?? 0) < 3) throw new Error('too few load steps yet')
        return estimates
      },
      { timeout: 20_000, interval: 200 },
    )
    const modelOhm = latest.cells[0]?.internalOhm as number
    const estimate = online.cells[0]?.internalOhm as number
    // The small-signal resistance is R_int plus the anode's concentration loss slope: near R_int, above it.
    expect(estimate).toBeGreaterThan(0.8 * modelOhm)
    expect(estimate).toBeLessThan(3 * modelOhm)
    expect(online.cells[0]?.openCircuitV).toBeGreaterThan(0.3)
  }, 30_000)
})

// The same station and run, after the fault above: the tests run in order.
describe('what-if, replay and stopping on the same run', () => {
  it('runs a what-if from the twin’s state: MPPT against a fixed load, and refuses a second one meanwhile', async () => {
    const request = {
      horizonS: 2 * 86_400,
      candidate: { label: 'MPPT', controller: { kind: 'mppt' } },
      baseline: { label: 'fixed at 2 kohm', controller: { kind: 'fixed' }, procedure: [{ atS: 0, rExtOhm: 2000 }] },
      points: 48,
    }
    const [first, second] = await Promise.all([
      httpsRequest(station, '/api/v1/twin/what-if', json(request)),
      httpsRequest(station, '/api/v1/twin/what-if', json(request)),
    ])
    const statuses = [first.status, second.status].sort()
    expect(statuses).toEqual([200, 409])
    const result = whatIfResultSchema.parse(JSON.parse((first.status === 200 ? first : second).body))
    expect(result.horizonS).toBe(2 * 86_400)
    expect(result.candidate).toMatchObject({ label: 'MPPT', controller: 'mppt' })
    expect(result.baseline).toMatchObject({ label: 'fixed at 2 kohm', controller: 'fixed' })
    expect(result.candidate.powerW).toHaveLength(48)
    expect(result.candidate.energyJ).toBeGreaterThan(result.baseline.energyJ)
  }, 60_000)

  it('runs a saved procedure on the twin against the current controller; an unknown one is a 404', async () => {
    const procedure = {
      name: 'load steps',
      steps: [
        { kind: 'setLoad', ohm: 400 },
        { kind: 'wait', durationS: 3600 },
        { kind: 'setLoad', ohm: 1500 },
        { kind: 'repeat', everyS: 7200, times: 3 },
      ],
    }
    const saved = await httpsRequest(station, '/api/v1/procedures/load-steps', { ...json(procedure), method: 'PUT' })
    expect(saved.status, saved.body).toBeLessThan(300)
    const request = { horizonS: 86_400, candidate: { procedureId: 'load-steps' }, points: 24 }
    const result = whatIfResultSchema.parse(await readPost('/api/v1/twin/what-if', request))
    expect(result.candidate.label).toBe('load steps')
    expect(result.candidate.notes?.[0]).toMatch(/interlocks are not modelled/)
    const loads = result.candidate.procedure!.events.filter((event) => event.action === 'step-started')
    expect(loads.map((event) => Math.round(event.atS))).toEqual([
      0, 0, 3600, 7200, 7200, 10_800, 14_400, 14_400, 18_000,
    ])
    const missing = await httpsRequest(
      station,
      '/api/v1/twin/what-if',
      json({ ...request, candidate: { procedureId: 'nope' } }),
    )
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'not_found' } })
  }, 30_000)

  it('replays the recorded run through the twin: the cell that lost its biofilm is the one far from its model', async () => {
    const replay = twinReplayResultSchema.parse(
      JSON.parse(
        (await httpsRequest(station, '/api/v1/twin/replay', json({ model: { source: 'run' }, points: 300 }))).body,
      ),
    )
    expect(replay.series.timeS.length).toBeGreaterThan(20)
    const worst = replay.cells.map((c) => c.maxResidualV)
    expect(worst[1]).toBeGreaterThan(0.05)
    expect(worst[1]).toBeGreaterThan(3 * Math.max(worst[0] as number, worst[2] as number))
  }, 60_000)

  it('stops: its alarms clear and the status is off', async () => {
    const stopped = twinStatusSchema.parse(
      JSON.parse((await httpsRequest(station, '/api/v1/twin/stop', json({}))).body),
    )
    expect(stopped.state).toBe('off')
    const { alarms } = alarmListSchema.parse(await read('/api/v1/alarms'))
    expect(alarms.find((a) => a.id === 'twin-residual:2')?.state).toBe('cleared-unacked')
  })
})
