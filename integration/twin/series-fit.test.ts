import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriesFitResultSchema } from '../../server/contract/twin-series-fit.js'
import { nominalCellParameters } from '../../server/sim/parameters.js'
import { createRandom } from '../../server/sim/random.js'
import { finish } from '../../server/sim/work.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { createSeriesModel } from '../../server/twin/fit/series-model.js'

/*
 * The time-series fit over the station's API (docs/twin.md "Time-series fit"): a series file made by the
 * twin's cell with known parameters under load steps (1 mV noise) fitted back; the running simulation's
 * recorded cell fitted; bad input refused in the one error shape.
 */

let station: TestStation
const call = async (body: unknown) => {
  const res = await httpsRequest(station, '/api/v1/twin/fit/series', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: JSON.parse(res.body) as { error?: { code: string; message: string } } }
}

const truth = { ...nominalCellParameters, eMaxV: 0.55, qMaxAMgSPerMgXDay: 6 }
function seriesCsv(): string {
  const loads = [500, 150, 1000, 300]
  const samples = Array.from({ length: 240 }, (_, k) => ({
    ...{ timeS: k * 120, voltageV: Number.NaN, rExtOhm: loads[Math.floor(k / 60)] as number },
    ...{ flowLPerDay: 0.1527, influentMgL: 600, temperatureK: 298.15 },
  }))
  const voltages = finish(createSeriesModel(samples)(truth))
  const random = createRandom(3)
  const rows = samples.map(
    (s, i) => `${s.timeS},${(voltages[i] as number) + 1e-3 * random.normal()},${s.rExtOhm},${s.flowLPerDay}`,
  )
  return ['time_s,voltage_V,r_ext_ohm,flow_L_per_day', ...rows].join('\n')
}

beforeAll(async () => {
  station = await startTestStation({ sim: { speed: 3600 } })
})
afterAll(async () => {
  await station?.dispose()
})

describe('POST /api/v1/twin/fit/series', () => {
  it('fits a series file back within the reported intervals', async () => {
    const fit = await call({ csv: seriesCsv(), s0MgL: 600, fit: ['eMaxV', 'qMaxAMgSPerMgXDay'] })
    expect(fit.status, JSON.stringify(fit.body)).toBe(200)
    const result = seriesFitResultSchema.parse(fit.body)
    for (const name of ['eMaxV', 'qMaxAMgSPerMgXDay'] as const) {
      const [low, high] = result.ci95[name] as [number, number]
      expect(truth[name]).toBeGreaterThanOrEqual(low)
      expect(truth[name]).toBeLessThanOrEqual(high)
    }
    expect(result.series.timeS).toHaveLength(240)
    expect(result.rmse).toBeLessThan(2e-3)
  })

  it("fits a recorded run's cell from its history, the influent from the run's configuration", async () => {
    const fit = await call({ cell: 1, points: 60, fit: ['eMaxV'], runId: await currentRunId() })
    expect(fit.status, JSON.stringify(fit.body)).toBe(200)
    const result = seriesFitResultSchema.parse(fit.body)
    expect(result.series.timeS.length).toBeGreaterThan(20)
    expect(result.series.measuredV.filter((v) => v !== null).length).toBeGreaterThan(20)
    expect(result.series.modelV).toHaveLength(result.series.timeS.length)
    expect(Number.isFinite(result.rmse)).toBe(true)
  })

  it('refuses bad input with the one error shape, naming what is wrong', async () => {
    const noInfluent = await call({
      csv: 'time_s,voltage_V,r_ext_ohm,flow_L_per_day\n0,0.4,500,0.1\n60,0.4,500,0.1',
      fit: ['eMaxV'],
    })
    expect(noInfluent.status).toBe(400)
    expect(noInfluent.body.error?.message).toMatch(/s0/)
    const twoSources = await call({ csv: seriesCsv(), runId: 'x', s0MgL: 600, fit: ['eMaxV'] })
    expect(twoSources.status).toBe(400)
    expect(twoSources.body.error?.message).toMatch(/one of samples, csv or runId/)
    const unknown = await call({ csv: seriesCsv(), s0MgL: 600, fit: ['bogus'] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error?.message).toMatch(/bogus/)
  })
})

async function currentRunId(): Promise<string> {
  // One simulated hour per wall second: after a few seconds the run has hours of recorded history.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const res = await httpsRequest(station, '/api/v1/runs')
    const runs = (JSON.parse(res.body) as { runs: Array<{ runId: string; frames?: number }> }).runs
    if (runs[0] && attempt > 15) return runs[0].runId
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('no recorded run')
}
