import { afterEach, describe, expect, it } from 'vitest'
import { runSweepsSchema, type ProcedureProgress } from '../../server/contract/procedures.js'
import type { EventMessage } from '../../server/contract/stream.js'
import { openStream } from '../../server/testing/station-client.js'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { until } from '../instruments/harness.js'
import { api, ended, progressOf, save } from './harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

async function simulated(flags: Parameters<typeof startTestStation>[0] = {}): Promise<TestStation> {
  const station = await startTestStation({ telemetry: { batchMs: 100 }, ...flags })
  cleanup.push(() => station.dispose())
  return station
}

describe('procedures on the simulation', () => {
  it('runs on simulated time through the same port, with progress on the stream and the sweep stored', async () => {
    const sim = await simulated()
    const stream = await openStream({ url: sim.url, certificatePem: () => sim.certificatePem, token: sim.adminToken })
    cleanup.push(async () => void stream.close())
    const progress: ProcedureProgress[] = []
    stream.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as EventMessage
      if (message.type === 'event' && message.event.kind === 'procedure') progress.push(message.event.progress)
    })
    // 600 simulated seconds per wall second (sim.speed's default): an hour of protocol in a few seconds.
    await save(sim, 'acclimation', {
      name: 'acclimation, sweep, then MPPT',
      steps: [
        { kind: 'setLoad', ohm: 500 },
        { kind: 'setFeed', lPerDay: 1 },
        { kind: 'wait', durationS: 600 },
        { kind: 'polarizationSweep', resistorsOhm: [2000, 500, 100, 30], dwellS: 600, sampleS: 60 },
        { kind: 'switchController', controller: { kind: 'mppt', periodS: 5 } },
      ],
    })
    expect((await api(sim, 'POST', '/procedures/acclimation/start')).status).toBe(200)
    const last = await ended(sim, 20_000)
    expect(last).toMatchObject({ state: 'finished', step: 5, steps: 5 })
    const steps = progress.filter((entry) => entry.state === 'running').map((entry) => entry.step)
    expect(new Set(steps)).toEqual(new Set([1, 2, 3, 4, 5]))
    const status = (await api(sim, 'GET', '/simulation')).body as { controller: string; runId: string }
    expect(status.controller).toBe('mppt')
    const sweeps = runSweepsSchema.parse((await api(sim, 'GET', `/runs/${status.runId}/sweeps`)).body).sweeps
    expect(sweeps[0]!.points.map((point) => point.rExtOhm)).toEqual([null, 2000, 500, 100, 30])
    expect(sweeps[0]!.points[0]!.voltageV).toBeGreaterThan(sweeps[0]!.points[4]!.voltageV)
    expect(sweeps[0]!.maximumPowerPoint).not.toBeNull()
    expect(sweeps[0]!.points[1]!.cells.length).toBeGreaterThan(1)
  }, 30_000)

  it('an interlock that is not armed holds the procedure and says why', async () => {
    const sim = await simulated({
      control: {
        interlocks: [
          {
            id: 'always',
            condition: { kind: 'limit', subject: 'stack', channel: 'voltageV', when: 'above', threshold: -10 },
            actions: ['alarm'],
            sources: ['simulation'],
            message: 'a test interlock that trips at once',
          },
        ],
      },
    })
    await until('the interlock tripped', async () => {
      const stack = (await api(sim, 'GET', '/stack')).body as { interlocks: Array<{ state: string }> }
      return stack.interlocks[0]?.state === 'tripped' ? true : undefined
    })
    await save(sim, 'wait', { name: 'wait', steps: [{ kind: 'wait', durationS: 60 }] })
    expect((await api(sim, 'POST', '/procedures/wait/start')).body).toMatchObject({ state: 'held' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await progressOf(sim)).toMatchObject({
      state: 'held',
      reason: expect.stringMatching(/interlock always tripped: a test interlock/) as unknown,
    })
    const bad = await api(sim, 'PUT', '/procedures/bad', {
      name: 'bad',
      steps: [{ kind: 'switchController', controller: { kind: 'mppt', periodS: -1 } }],
    })
    expect(bad).toMatchObject({ status: 400, body: { error: { message: /^body\.steps\[0\]\.controller\.periodS: / } } })
    expect((await api(sim, 'GET', '/procedures/bad')).status).toBe(404)
  }, 20_000)
})
