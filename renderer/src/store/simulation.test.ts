import { describe, expect, it } from 'vitest'
import type { SimulationStatus } from '../../../server/contract/simulation'
import { ApiError } from '../api/http-client'
import type { SimulationApi } from '../api/simulation-api'
import type { LogKind } from './event-log'
import { createSimulationStore } from './simulation'

const status: SimulationStatus = {
  runId: 'r',
  state: 'running',
  name: 'test',
  seed: 1,
  simTimeS: 0,
  durationS: 10,
  speed: 600,
  outputHz: 10,
  cells: 2,
  controller: 'fixed',
  activeFaults: [],
  restartRequired: false,
}
const config = {
  name: 'test',
  stack: { cells: 2, wiring: 'series' },
  feed: { flowLPerDay: 0.15, influentMgL: 600, dosingMgPerDay: 0, temperatureK: 298.15 },
  load: { rExtOhm: 600 },
  controller: { kind: 'fixed' as const },
  targets: { substrateMgL: 177 },
}

function harness(overrides: Partial<SimulationApi> = {}, reauthenticate?: () => Promise<boolean>) {
  const log: Array<[LogKind, string]> = []
  const api = {
    status: async () => status,
    config: async () => config,
    controlLock: async () => undefined,
    command: async () => status,
    setController: async () => {
      throw new ApiError(
        400,
        'bad_request',
        'invalid run config: controller.outputMin: outputMin must be below outputMax',
      )
    },
    configure: async () => ({ restartRequired: true }),
    injectFault: async () => 7,
    ...overrides,
  } as unknown as SimulationApi
  const store = createSimulationStore({
    api,
    log: (kind, text) => log.push([kind, text]),
    ...(reauthenticate ? { reauthenticate } : {}),
  })
  return { store, log }
}

describe('simulation store', () => {
  it('leaves an accepted run command to the station event (logged once) and re-reads the status', async () => {
    const { store, log } = harness()
    expect(await store.getState().command('pause')).toEqual({ ok: true })
    expect(log).toEqual([])
    expect(store.getState().status).toEqual(status)
    expect(store.getState().pending).toBeUndefined()
  })

  it("keeps the station's reason for a refused change and logs it", async () => {
    const { store, log } = harness()
    const outcome = await store.getState().setController({ kind: 'pid', outputMin: 2, outputMax: 1 })
    expect(outcome).toEqual({
      ok: false,
      reason: 'invalid run config: controller.outputMin: outputMin must be below outputMax',
    })
    expect(log).toEqual([
      [
        'rejected',
        'Controller pid refused: invalid run config: controller.outputMin: outputMin must be below outputMax',
      ],
    ])
  })

  it('says when a change waits for the next reset; an injected fault is left to its station event', async () => {
    const { store, log } = harness()
    await store.getState().configure('Cells 8', { stack: { cells: 8 } })
    await store.getState().injectFault({ kind: 'starvation', cell: 1 })
    expect(log).toEqual([['change', 'Cells 8 (applies after reset)']])
  })

  it('keeps each sweep with the request that made it, newest first', async () => {
    const result = {
      mpp: { rExtOhm: 100, currentA: 0.001, voltageV: 0.1, powerW: 0.0001 },
      points: [],
      openCircuitV: 0.7,
      cells: [],
    }
    const { store, log } = harness({ sweep: async () => result })
    await store.getState().refresh()
    await store.getState().runSweep({ minOhm: 10, maxOhm: 2000, points: 40 })
    await store.getState().runSweep({ minOhm: 50, maxOhm: 500, points: 10 })
    expect(store.getState().sweeps.map((s) => s.request.maxOhm)).toEqual([500, 2000])
    expect(store.getState().sweeps[0]).toMatchObject({ runId: 'r', simTimeS: 0, result })
    expect(log.at(-1)).toEqual(['change', 'Sweep 50..500 Ω, 10 points'])
  })

  it('asks for the password once when the station wants a fresh one, then retries', async () => {
    const stale = new ApiError(403, 'forbidden', 'confirm your password first', [], { reauthRequired: true })
    let calls = 0
    const stop = async () => {
      calls += 1
      if (calls === 1) throw stale
      return status
    }
    const confirmed = harness({ command: stop }, async () => true)
    expect(await confirmed.store.getState().command('stop')).toEqual({ ok: true })
    expect(calls).toBe(2)
    const cancelled = harness({ command: () => Promise.reject(stale) }, async () => false)
    expect(await cancelled.store.getState().command('stop')).toEqual({
      ok: false,
      reason: 'confirm your password first',
    })
  })

  it('runs one change at a time', async () => {
    let release: () => void = () => {}
    const { store } = harness({ command: () => new Promise((resolve) => (release = () => resolve(status))) })
    const first = store.getState().command('stop')
    expect(await store.getState().command('start')).toEqual({ ok: false, reason: 'wait for "Stop run" to finish' })
    release()
    expect(await first).toEqual({ ok: true })
  })

  it('records why the station cannot be read', async () => {
    const { store } = harness({ status: async () => Promise.reject(new ApiError(0, 'network', 'station unreachable')) })
    await store.getState().refresh()
    expect(store.getState().readError).toBe('station unreachable')
  })
})
