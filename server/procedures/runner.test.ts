import { describe, expect, it } from 'vitest'
import {
  procedureDefinitionSchema,
  type ProcedureDefinitionInput,
  type ProcedureStepInput,
  type StoredSweep,
} from '../contract/procedures.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { createManualClock } from '../testing/manual-clock.js'
import type { ProcedureStack } from './ports.js'
import { ProcedureRunner } from './runner.js'

/** A Thevenin cell (E = 0.8 V, R_int = 200 Ω) behind a fake control port that records every call. */
function rig(input: ProcedureDefinitionInput, source: 'hardware' | 'simulation' = 'hardware') {
  const clock = createManualClock(new Date(2026, 0, 1, 12, 0).getTime())
  const calls: string[] = []
  const events: string[] = []
  const sweeps: Omit<StoredSweep, 'id' | 'runId' | 'procedureId'>[] = []
  let load: number | null = 1000
  const stack: ProcedureStack = {
    setLoad: async (ohm, by) => {
      calls.push(`load ${ohm} ${by}`)
      load = ohm === 'open' ? null : ohm
      return load
    },
    setFeed: async (lPerDay) => void calls.push(`feed ${lPerDay}`),
    switchController: (controller) => void calls.push(`controller ${(controller as { kind: string }).kind}`),
    safeLoad: async () => {
      calls.push('safe')
      load = 4000
    },
  }
  const procedure = { ...procedureDefinitionSchema.parse(input), id: 'p', updatedAtMs: 0, updatedBy: 'ann' }
  const runner = new ProcedureRunner({
    ...{ procedure, stack, clock, source, startedBy: 'ann' },
    emit: (action, message) => void events.push(`${action}: ${message}`),
    onSweep: (sweep) => void sweeps.push(sweep),
  })
  let simTimeS = 0
  const frame = (): TelemetryFrame => {
    const voltageV = load === null ? 0.8 : (0.8 * load) / (load + 200)
    return {
      ...{ type: 'telemetry', source, runId: 'r', seq: 0, simTimeS, wallTimeMs: clock.now(), state: 'running' },
      ...{ controller: 'fixed', cells: [{ voltageV, alarms: [] }], stack: {} },
    }
  }
  /** `seconds` frames, one a second, with the port's writes settled after each. */
  const run = async (seconds: number) => {
    for (let second = 0; second < seconds; second++) {
      clock.advance(1000)
      simTimeS += 1
      runner.advance(frame())
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { runner, clock, calls, events, sweeps, run, state: () => runner.progress().state }
}

const SWEEP: ProcedureStepInput = { kind: 'polarizationSweep', resistorsOhm: [1000, 200, 50], dwellS: 10, sampleS: 1 }

describe('the procedure runner', () => {
  it('runs the steps in order and waits its durations', async () => {
    const { runner, calls, run, state } = rig({
      name: 'acclimation then MPPT',
      steps: [
        { kind: 'setLoad', ohm: 470 },
        { kind: 'setFeed', lPerDay: 1.5 },
        { kind: 'wait', durationS: 5 },
        { kind: 'switchController', controller: { kind: 'mppt', periodS: 1 } },
      ],
    })
    runner.start()
    await run(1)
    expect(calls).toEqual(['load 470 procedure:p', 'feed 1.5'])
    expect(runner.progress()).toMatchObject({ step: 3, steps: 4, stepName: 'wait 5 s', state: 'running' })
    await run(3)
    expect(runner.progress().stepTimeLeftS).toBe(2)
    expect(calls).not.toContain('controller mppt')
    await run(2)
    expect(calls.at(-1)).toBe('controller mppt')
    expect(state()).toBe('finished')
  })

  it('sweeps OCV first, then each resistor with its dwell, and finds the maximum power point', async () => {
    const { runner, calls, sweeps, run } = rig({ name: 'sweep', steps: [SWEEP] })
    runner.start()
    expect(runner.progress()).toMatchObject({ stepTimeLeftS: 40, procedureTimeLeftS: 40 })
    await run(45)
    expect(calls).toEqual(['open', 1000, 200, 50].map((ohm) => `load ${ohm} procedure:p`))
    const [sweep] = sweeps
    expect(sweep!.points.map((point) => point.rExtOhm)).toEqual([null, 1000, 200, 50])
    expect(sweep!.points[0]!.voltageV).toBeCloseTo(0.8)
    expect(sweep!.maximumPowerPoint).toMatchObject({ rExtOhm: 200 })
    expect(sweep!.maximumPowerPoint!.voltageV).toBeCloseTo(0.4)
    expect(sweep!.maximumPowerPoint!.powerW).toBeCloseTo(0.8 ** 2 / 800)
    expect(sweep!.points[1]!.cells[0]!.currentA).toBeCloseTo(0.8 / 1200)
  })
})

describe('the procedure runner: pause, hold, abort', () => {
  it('pauses and resumes: no time passes while paused, an interrupted sweep point starts again', async () => {
    const { runner, calls, run, state } = rig({ name: 'sweep', steps: [SWEEP] })
    runner.start()
    await run(15)
    expect(runner.pause('bob')).toBe(true)
    const left = runner.progress().stepTimeLeftS
    await run(20)
    expect(runner.progress()).toMatchObject({ state: 'paused', reason: 'paused by bob', stepTimeLeftS: left })
    expect(runner.resume('bob')).toBe(true)
    expect(calls.at(-1)).toBe('load 1000 procedure:p')
    await run(40)
    expect(state()).toBe('finished')
  })

  it('an interlock holds it, says why, and releasing it continues', async () => {
    const { runner, events, run, state } = rig({ name: 'w', steps: [{ kind: 'wait', durationS: 10 }] })
    runner.start()
    await run(3)
    runner.hold(['cell-reversal: cell 1 voltageV = -0.1'])
    await run(30)
    expect(runner.progress()).toMatchObject({ state: 'held', reason: 'held by cell-reversal: cell 1 voltageV = -0.1' })
    expect(runner.pause('bob')).toBe(true)
    runner.hold([])
    expect(state()).toBe('paused')
    runner.resume('bob')
    await run(6)
    expect(state()).toBe('running')
    await run(2)
    expect(state()).toBe('finished')
    expect(events.filter((line) => line.startsWith('held'))).toHaveLength(1)
  })

  it('abort leaves the safe load, or the last load when the procedure says so', async () => {
    const safe = rig({
      name: 'a',
      steps: [
        { kind: 'setLoad', ohm: 300 },
        { kind: 'wait', durationS: 100 },
      ],
    })
    safe.runner.start()
    await safe.run(2)
    expect(await safe.runner.abort('bob')).toBe(true)
    expect(safe.calls.at(-1)).toBe('safe')
    expect(safe.runner.progress()).toMatchObject({ state: 'aborted', stepTimeLeftS: null, reason: 'aborted by bob' })
    const last = rig({
      name: 'a',
      onAbort: 'last',
      steps: [
        { kind: 'setLoad', ohm: 300 },
        { kind: 'wait', durationS: 100 },
      ],
    })
    last.runner.start()
    await last.run(2)
    await last.runner.abort('bob')
    expect(last.calls).toEqual(['load 300 procedure:p'])
    expect(await last.runner.abort('bob')).toBe(false)
  })
})

describe('the procedure runner: schedules and time', () => {
  it('a station stop ends it without another write, even one whose previous write is still pending', async () => {
    const { runner, calls, run } = rig({
      name: 's',
      steps: [
        { kind: 'setLoad', ohm: 300 },
        { kind: 'setLoad', ohm: 400 },
      ],
    })
    runner.start()
    runner.stop()
    await run(3)
    expect(calls).toEqual(['load 300 procedure:p'])
    expect(runner.progress()).toMatchObject({ state: 'aborted', reason: 'the station stopped' })
  })

  it('repeats every N s from the start of the previous pass, the given number of times', async () => {
    const { runner, calls, run, state } = rig({
      name: 'every minute',
      steps: [
        { kind: 'setLoad', ohm: 100 },
        { kind: 'wait', durationS: 10 },
        { kind: 'repeat', everyS: 60, times: 3 },
      ],
    })
    runner.start()
    await run(20)
    expect(runner.progress()).toMatchObject({ state: 'waiting', pass: 2, step: 3 })
    expect(runner.progress().stepTimeLeftS).toBeCloseTo(40, 0)
    await run(40)
    expect(calls).toHaveLength(2)
    await run(80)
    expect(calls).toHaveLength(3)
    expect(state()).toBe('finished')
  })

  it('a daily repeat waits for the wall clock time, also for the first pass', async () => {
    const { runner, calls, clock, run } = rig({
      name: 'nightly',
      steps: [
        { kind: 'setLoad', ohm: 100 },
        { kind: 'repeat', dailyAt: '02:00' },
      ],
    })
    runner.start()
    expect(runner.progress()).toMatchObject({ state: 'waiting', stepTimeLeftS: 14 * 3600 })
    clock.advance(14 * 3600_000 - 2000)
    await run(1)
    expect(calls).toEqual([])
    await run(1)
    expect(calls).toEqual(['load 100 procedure:p'])
    expect(new Date(clock.now()).getHours()).toBe(2)
    expect(runner.progress()).toMatchObject({ state: 'waiting', pass: 2, stepTimeLeftS: 24 * 3600 })
  })

  it('on the simulation durations follow simulated time, not the clock', async () => {
    const { runner, clock, state } = rig({ name: 'w', steps: [{ kind: 'wait', durationS: 100 }] }, 'simulation')
    runner.start()
    const frame = (simTimeS: number): TelemetryFrame => ({
      ...{ type: 'telemetry', source: 'simulation', runId: 'r', seq: 0, simTimeS, wallTimeMs: clock.now() },
      ...{ state: 'running', controller: 'fixed', cells: [], stack: {} },
    })
    runner.advance(frame(0))
    runner.advance(frame(99))
    expect(state()).toBe('running')
    runner.advance(frame(100))
    expect(state()).toBe('finished')
  })

  it('a failed write ends it as failed, naming the step', async () => {
    const { runner, run } = rig({ name: 'x', steps: [{ kind: 'switchController', controller: { kind: 'pid' } }] })
    ;(runner as unknown as { deps: { stack: ProcedureStack } }).deps.stack.switchController = () => {
      throw new Error('the stack has no pump')
    }
    runner.start()
    await run(1)
    expect(runner.progress()).toMatchObject({
      state: 'failed',
      reason: 'step 1 (switch controller to pid) failed: the stack has no pump',
    })
  })
})

describe('the procedure schema', () => {
  it('names the field of a bad step', () => {
    const result = procedureDefinitionSchema.safeParse({
      name: 'x',
      steps: [
        { kind: 'repeat', everyS: 60 },
        { kind: 'polarizationSweep', resistorsOhm: [0], dwellS: 5, sampleS: 10 },
      ],
    })
    const issues = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/^steps\.1\.resistorsOhm\.0: /)]))
    const repeatFirst = procedureDefinitionSchema.safeParse({
      name: 'x',
      steps: [
        { kind: 'repeat', everyS: 60 },
        { kind: 'wait', durationS: 5 },
      ],
    })
    expect(repeatFirst.error!.issues.map((issue) => issue.message)).toContain('repeat must be the last step')
    const both = procedureDefinitionSchema.safeParse({
      name: 'x',
      steps: [
        { kind: 'wait', durationS: 5 },
        { kind: 'repeat', everyS: 60, dailyAt: '02:00' },
      ],
    })
    expect(both.error!.issues[0]!.message).toBe('repeat takes exactly one of everyS or dailyAt')
  })
})
