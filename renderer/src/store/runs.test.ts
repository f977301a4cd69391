import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../server/contract/telemetry'
import { ApiError } from '../api/http-client'
import type { LogKind } from './event-log'
import { createRunsStore, runCsvFilename, runEndLabel } from './runs'

const run = (over: Partial<RunSummary> = {}): RunSummary => ({
  runId: 'r1',
  source: 'simulation',
  name: 'Run 1',
  seed: 1,
  controller: 'fixed',
  cells: 5,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  endState: null,
  frames: 10,
  lastSeq: 9,
  simTimeS: 1,
  notes: '',
  ...over,
})

function harness(api: Partial<Parameters<typeof createRunsStore>[0]['api']> = {}) {
  const log: Array<[LogKind, string]> = []
  const store = createRunsStore({
    log: (kind, text) => log.push([kind, text]),
    api: {
      runs: async () => ({ runs: [run({ runId: 'r2', name: 'Run 2' }), run()], total: 2 }),
      setNotes: async (runId, notes) => ({ ...run({ runId }), notes, config: {} }),
      runCsv: async () => new Blob(['sim_time_s\n']),
      ...api,
    },
  })
  return { store, log }
}

describe('runs store', () => {
  it('lists runs in the order the station gives (newest first)', async () => {
    const { store } = harness()
    await store.getState().refresh()
    expect(store.getState().runs.map((r) => r.runId)).toEqual(['r2', 'r1'])
    expect(store.getState().total).toBe(2)
  })

  it("keeps the station's reason when the list cannot be read, and clears it once it can", async () => {
    let fail = true
    const { store } = harness({
      runs: async () =>
        fail
          ? Promise.reject(new ApiError(403, 'forbidden', 'missing permission telemetry:read'))
          : { runs: [], total: 0 },
    })
    await store.getState().refresh()
    expect(store.getState().readError).toBe('missing permission telemetry:read')
    fail = false
    await store.getState().refresh()
    expect(store.getState().readError).toBeUndefined()
  })

  it('saves notes, updates that run only, and logs the change', async () => {
    const { store, log } = harness()
    await store.getState().refresh()
    const outcome = await store.getState().saveNotes(store.getState().runs[1]!, 'anode replaced')
    expect(outcome).toEqual({ ok: true })
    expect(store.getState().runs.map((r) => r.notes)).toEqual(['', 'anode replaced'])
    expect(log).toEqual([['change', 'Notes of run "Run 1"']])
  })

  it('reports a refused note change with the reason and leaves the notes as they were', async () => {
    const { store, log } = harness({
      setNotes: () => Promise.reject(new ApiError(403, 'forbidden', 'missing permission simulation:control')),
    })
    await store.getState().refresh()
    expect(await store.getState().saveNotes(run(), 'x')).toEqual({
      ok: false,
      reason: 'missing permission simulation:control',
    })
    expect(store.getState().runs.every((r) => r.notes === '')).toBe(true)
    expect(log[0]![0]).toBe('rejected')
  })

  it('hands the CSV back as a blob, or the reason it could not be read', async () => {
    const { store } = harness()
    const ok = await store.getState().exportCsv(run())
    expect(ok.ok && (await ok.blob!.text())).toBe('sim_time_s\n')
    const failing = harness({ runCsv: () => Promise.reject(new ApiError(404, 'not_found', 'no recorded run r9')) })
    expect(await failing.store.getState().exportCsv(run({ runId: 'r9' }))).toEqual({
      ok: false,
      reason: 'no recorded run r9',
    })
  })
})

describe('run presentation', () => {
  it.each([
    [{ name: 'Run 1', runId: 'abc' }, 'Run_1-abc.csv'],
    [{ name: 'a/b\\c "d"', runId: 'x' }, 'a_b_c_d_-x.csv'],
    [{ name: 'ok.name-1', runId: 'y' }, 'ok.name-1-y.csv'],
  ])('%o downloads as %s', (r, name) => expect(runCsvFilename(r)).toBe(name))

  it.each([
    [{ endState: null, endedAt: null }, 'recording'],
    [{ endState: 'stopped', endedAt: '2026-01-01T00:00:00Z' }, 'stopped'],
    [{ endState: 'interrupted', endedAt: '2026-01-01T00:00:00Z' }, 'interrupted'],
  ])('%o is shown as %s', (r, label) => expect(runEndLabel(r)).toBe(label))
})
