import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { polarizationAnalysisSchema, coulombicResultSchema } from '../../server/contract/analyses.js'
import { cellProfileSchema, fitResultSchema, profileAppliedSchema } from '../../server/contract/twin.js'
import { nominalCellParameters } from '../../server/sim/parameters.js'
import { createRandom } from '../../server/sim/random.js'
import { finish } from '../../server/sim/work.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { createPolarizationModel } from '../../server/twin/fit/polarization-model.js'

/*
 * The fit, cell profiles and the analyses over the station's API (docs/twin.md): a lab cell's points
 * (the engine's, with known parameters and 1 mV noise) fitted, saved as a profile and copied into the
 * run config; bad input refused with the one error shape and nothing changed; a potentiostat file and
 * the running simulation analysed.
 */

let station: TestStation
const call = async (method: string, path: string, body?: unknown) => {
  const res = await httpsRequest(station, path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  return { status: res.status, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) }
}

const truth = { ...nominalCellParameters, eMaxV: 0.55, rMinOhm: 40, qMaxAMgSPerMgXDay: 6 }
function pointsCsv(): string {
  const conditions = { influentMgL: 600, flowLPerDay: 0.1527, temperatureK: 298.15 }
  const loads = Array.from({ length: 20 }, (_, k) => 10 * (2000 / 10) ** (k / 19))
  const random = createRandom(7)
  const rows = finish(createPolarizationModel(conditions, { kind: 'steady' }, loads)(truth)).map((p) => {
    const voltageV = p.voltageV + 1e-3 * random.normal()
    return `${p.rExtOhm},${voltageV},${voltageV / p.rExtOhm}`
  })
  return ['r_ext_ohm,voltage_V,current_A', ...rows].join('\n')
}

beforeAll(async () => {
  station = await startTestStation({ sim: { speed: 3600 } })
})
afterAll(async () => {
  await station?.dispose()
})

describe('fit, profile, run', () => {
  it('fits a cell, saves the fit as a profile and copies it into the run config, audited', async () => {
    const fit = await call('POST', '/api/v1/twin/fit', {
      csv: pointsCsv(),
      s0MgL: 600,
      flowLPerDay: 0.1527,
      fit: ['eMaxV', 'rMinOhm', 'qMaxAMgSPerMgXDay'],
    })
    expect(fit.status, JSON.stringify(fit.body)).toBe(200)
    const result = fitResultSchema.parse(fit.body)
    for (const name of ['eMaxV', 'rMinOhm', 'qMaxAMgSPerMgXDay'] as const) {
      const [low, high] = result.ci95[name] as [number, number]
      expect(truth[name]).toBeGreaterThanOrEqual(low)
      expect(truth[name]).toBeLessThanOrEqual(high)
    }
    const saved = await call('PUT', '/api/v1/twin/profiles/lab-cell-3', {
      description: 'cell 3, November sweep',
      parameters: result.cellParameters,
      origin: {
        kind: 'fit',
        rmse: result.rmse,
        fitted: ['eMaxV'],
        notIdentifiable: [],
        s0MgL: 600,
        flowLPerDay: 0.1527,
        biofilm: 'steady',
      },
    })
    expect(saved.status).toBe(201)
    expect(cellProfileSchema.parse(saved.body).parameters['eMaxV']).toBeCloseTo(
      result.parameters['eMaxV'] as number,
      12,
    )

    const applied = await call('POST', '/api/v1/twin/profiles/lab-cell-3/apply', { cells: [0] })
    expect(applied.status, JSON.stringify(applied.body)).toBe(200)
    expect(profileAppliedSchema.parse(applied.body).restartRequired).toBe(true)
    const config = (await call('GET', '/api/v1/simulation/config')).body as {
      cells: Array<{ index: number; parameters: Record<string, number> }>
    }
    expect(config.cells.find((c) => c.index === 0)?.parameters['eMaxV']).toBeCloseTo(
      result.parameters['eMaxV'] as number,
      12,
    )
    const audit = (await call('GET', '/api/v1/security/audit?action=twin.profile.apply')).body as Array<{
      target: string
    }>
    expect(audit).toEqual([expect.objectContaining({ target: 'lab-cell-3' })])
  }, 20_000)

  it('refuses bad input with the one error shape, and changes nothing', async () => {
    const base = { csv: pointsCsv(), s0MgL: 600, flowLPerDay: 0.1527 }
    const unknown = await call('POST', '/api/v1/twin/fit', { ...base, fit: ['eMaxV', 'bogus'] })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({ error: { code: 'bad_request' } })
    const badRow = await call('POST', '/api/v1/twin/fit', {
      ...base,
      csv: 'r_ext_ohm,voltage_V,current_A\n10,x,1\n',
      fit: ['eMaxV'],
    })
    expect(badRow.status).toBe(400)
    expect(JSON.stringify(badRow.body)).toMatch(/row 2/)
    const badProfile = await call('PUT', '/api/v1/twin/profiles/broken', { parameters: { eMaxV: -1 } })
    expect(badProfile.status).toBe(400)
    expect((await call('GET', '/api/v1/twin/profiles/broken')).status).toBe(404)
    expect((await call('POST', '/api/v1/twin/profiles/none/apply', {})).status).toBe(404)
  })
})

describe('analyses over the API', () => {
  it('analyses an EC-Lab export: MPP, OCV, R_int and the columns it read', async () => {
    const text = [
      'EC-Lab ASCII FILE',
      'Nb header lines : 4',
      'Linear Sweep Voltammetry',
      'mode\ttime/s\tEwe/V\t<I>/mA',
      '2\t0\t0,700\t0,000',
      '2\t10\t0,600\t1,000',
      '2\t20\t0,500\t2,000',
      '2\t30\t0,400\t3,000',
      '2\t40\t0,200\t3,500',
    ].join('\n')
    const res = await call('POST', '/api/v1/analyses/polarization', { file: { text }, anodeAreaCm2: 10 })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const analysis = polarizationAnalysisSchema.parse(res.body)
    expect(analysis.maximumPower.powerW).toBeCloseTo(1.2e-3, 9)
    expect(analysis.openCircuit).toEqual({ voltageV: 0.7, method: 'measured' })
    expect(analysis.internalResistance.ohmicSlopeOhm).toBeCloseTo(100, 6)
    const bad = await call('POST', '/api/v1/analyses/polarization', { file: { text: 'EC-Lab ASCII FILE\nnothing' } })
    expect(bad.status).toBe(400)
  })

  it('gives the running simulation’s coulombic efficiency from its feed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const res = await call('POST', '/api/v1/analyses/coulombic', { mode: 'continuous', run: {} })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const result = coulombicResultSchema.parse(res.body)
    expect(result.codSource).toBe('feed')
    expect(result.total.coulombicEfficiencyPct).toBeGreaterThan(0)
    expect(result.total.coulombicEfficiencyPct).toBeLessThan(100)
  })
})
