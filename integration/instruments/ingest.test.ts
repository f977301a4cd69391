import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema } from '../../server/contract/errors.js'
import { ingestResponseSchema } from '../../server/contract/instruments.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { deviceWhen, eventsOf, frameWhen, startHardwareStation } from './harness.js'

let station: TestStation
let ingestToken: string
beforeAll(async () => {
  station = await startHardwareStation({
    devices: [{ id: 'rig2', uri: 'http-ingest:', staleMs: 60_000 }],
    cells: [{ cell: 1, voltage: { device: 'rig2', address: 'v1' }, rExtOhm: 500 }],
  })
  const created = await httpsRequest(station, '/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rig2 pusher', scopes: ['ingest:write'] }),
  })
  expect(created.status).toBe(201)
  ingestToken = (JSON.parse(created.body) as { token: string }).token
})
afterAll(() => station?.dispose())

const push = (body: unknown, token = ingestToken) =>
  httpsRequest(station, '/api/v1/ingest', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('HTTP push ingest', () => {
  it('stores a batch once (idempotent per device, channel and time) and feeds the live frame', async () => {
    const t0 = Date.now()
    const samples = [
      { t: t0 - 2000, channel: 'v1', value: 0.5 },
      { t: new Date(t0 - 1000).toISOString(), channel: 'v1', value: 0.51 },
      { t: t0, channel: 'v1', value: 0.512 },
      { t: t0, channel: 'ph', value: 7.1 },
    ]
    const first = await push({ device: 'rig2', samples })
    expect(first.status).toBe(200)
    expect(ingestResponseSchema.parse(JSON.parse(first.body))).toEqual({ accepted: 4, duplicates: 0 })
    const again = await push({ device: 'rig2', samples })
    expect(JSON.parse(again.body)).toEqual({ accepted: 0, duplicates: 4 })
    const frame = await frameWhen(station, 'the pushed value in a frame', (f) => f.cells[0]?.voltageV === 0.512)
    expect(frame.cells[0]!.currentA).toBeCloseTo(0.512 / 500, 12)
    expect(await deviceWhen(station, 'rig2', 'rig2 online', (d) => d.state === 'online')).toMatchObject({
      protocol: 'http-ingest',
    })
  })

  it('raises a managed voltage reversal alarm on a measured cell, and clears it', async () => {
    await push({ device: 'rig2', samples: [{ t: Date.now() + 1, channel: 'v1', value: -0.05 }] })
    await frameWhen(station, 'a reversed cell', (f) => f.cells[0]?.alarms.includes('voltage-reversal') ?? false)
    expect(await eventsOf(station)).toContainEqual(
      expect.objectContaining({ kind: 'alarm', id: 'cell-voltage-reversal:1', cell: 1, action: 'raised' }),
    )
    await push({ device: 'rig2', samples: [{ t: Date.now() + 2, channel: 'v1', value: 0.512 }] })
    await frameWhen(station, 'the reversal cleared', (f) => f.cells[0]?.alarms.length === 0)
  })

  it('refuses a batch with a bad sample whole, naming every bad one, and stores none of it', async () => {
    const t = Date.now() + 10_000
    const res = await push({
      device: 'rig2',
      samples: [
        { t, channel: 'v1', value: 0.3 },
        { t, channel: 'v1', value: 'high' },
        { t: 'yesterday', channel: 'v1', value: 0.3 },
      ],
    })
    expect(res.status).toBe(400)
    const body = errorBodySchema.parse(JSON.parse(res.body))
    const paths = (body.error.details as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(['body.samples[1].value', 'body.samples[2].t']))
    // The good sample of the refused batch was not stored: sending it now stores it.
    expect(JSON.parse((await push({ device: 'rig2', samples: [{ t, channel: 'v1', value: 0.3 }] })).body)).toEqual({
      accepted: 1,
      duplicates: 0,
    })
  })

  it('takes 10,000 samples in one request and refuses 10,001 and unknown devices', async () => {
    const t0 = Date.now() - 1_000_000
    const batch = (n: number) => Array.from({ length: n }, (_v, i) => ({ t: t0 + i, channel: 'bulk', value: i / 10 }))
    const full = await push({ device: 'rig2', samples: batch(10_000) })
    expect(full.status).toBe(200)
    expect(JSON.parse(full.body)).toEqual({ accepted: 10_000, duplicates: 0 })
    expect((await push({ device: 'rig2', samples: batch(10_001) })).status).toBe(400)
    const unknown = await push({ device: 'nope', samples: batch(1) })
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.message).toMatch(/no HTTP push device "nope"/)
  })

  it('gives an ingest:write token ingest and nothing else, and refuses ingest to viewers', async () => {
    expect(
      (await httpsRequest(station, '/api/v1/instruments', { headers: { authorization: `Bearer ${ingestToken}` } }))
        .status,
    ).toBe(403)
    expect(
      (await httpsRequest(station, '/api/v1/telemetry/latest', { headers: { authorization: `Bearer ${ingestToken}` } }))
        .status,
    ).toBe(403)
    const viewer = await httpsRequest(station, '/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'viewer', role: 'viewer' }),
    })
    const viewerToken = (JSON.parse(viewer.body) as { token: string }).token
    expect((await push({ device: 'rig2', samples: [{ t: 1, channel: 'v1', value: 1 }] }, viewerToken)).status).toBe(403)
  })
})
