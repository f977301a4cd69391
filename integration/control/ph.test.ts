import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlStatusSchema } from '../../server/contract/control.js'
import { historyResponseSchema } from '../../server/contract/telemetry.js'
import { httpsRequest, type TestStation } from '../../server/testing/station-fixture.js'
import { frameWhen, pushSamples, startHardwareStation, until } from '../instruments/harness.js'

let station: TestStation
beforeAll(async () => {
  station = await startHardwareStation(
    {
      devices: [{ id: 'probe', uri: 'http-ingest:', staleMs: 60_000 }],
      cells: [{ cell: 1, voltage: { device: 'probe', address: 'v1' }, rExtOhm: 500 }],
      stack: { ph: { device: 'probe', address: 'ph' } },
    },
    {
      control: {
        interlocks: [
          {
            id: 'anolyte-ph',
            condition: { kind: 'ph', min: 6.5, max: 8, deadband: 0.2 },
            actions: ['alarm'],
            sources: ['hardware'],
            message: 'anolyte pH out of range',
          },
        ],
      },
    },
  )
})
afterAll(() => station?.dispose())

const push = (ph: number) => pushSamples(station, 'probe', { v1: 0.5, ph })
const interlock = async () =>
  controlStatusSchema.parse(JSON.parse((await httpsRequest(station, '/api/v1/stack')).body)).interlocks[0]

describe('pH as a stack channel (docs/control.md "pH")', () => {
  it('is carried in the frame, recorded, and trips the ph interlock outside its range until back past the deadband', async () => {
    expect((await push(7.1)).status).toBe(200)
    const frame = await frameWhen(station, 'a frame with the pH', (f) => f.stack.ph === 7.1)
    expect((await interlock())?.state).toBe('armed')

    await push(6.1)
    await until('the ph interlock tripped', async () => ((await interlock())?.state === 'tripped' ? true : undefined))
    expect(await interlock()).toMatchObject({ cause: 'stack pH = 6.1', trips: 1 })
    // Inside the range but not past the deadband (6.7): still tripped.
    await push(6.6)
    await frameWhen(station, 'a frame at pH 6.6', (f) => f.stack.ph === 6.6)
    await frameWhen(station, 'a later frame', (f) => f.stack.ph === 6.6 && f.seq > frame.seq + 5)
    expect((await interlock())?.state).toBe('tripped')
    await push(7.2)
    await until('the ph interlock released', async () => ((await interlock())?.state === 'armed' ? true : undefined))

    const history = await until('recorded pH', async () => {
      const res = await httpsRequest(station, `/api/v1/telemetry/history?runId=${frame.runId}&channels=stack.ph`)
      const series = historyResponseSchema.parse(JSON.parse(res.body)).series.find((s) => s.channel === 'stack.ph')
      return series && series.max.some((v) => v >= 7.2) ? series : undefined
    })
    expect(Math.min(...history.min)).toBeCloseTo(6.1, 9)
    expect(history.unit).toBe('pH')
  }, 25_000)
})
