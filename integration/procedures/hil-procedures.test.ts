import { afterEach, describe, expect, it } from 'vitest'
import { runSweepsSchema, type ProcedureDefinitionInput } from '../../server/contract/procedures.js'
import { maximumPowerW, startHilStack, type HilCell, type HilStack } from '../../server/control/testing/hil-stack.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { until } from '../instruments/harness.js'
import { api, ended, save } from './harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

const CELL: HilCell = { e: 0.8, rint: 200 }
const SAFE_OHM = 1000
const BANK = [47, 100, 220, 470, 1000, 2200, 4700]

/** One cell on the HIL peer (peers/hil_stack.py): its voltage at input 0, a resistor bank at holding 100. */
function instruments(port: number) {
  return {
    frameMs: 100,
    devices: [{ id: 'cell', uri: `modbus-tcp://127.0.0.1:${port}?unit=1`, pollMs: 50, timeoutMs: 300 }],
    cells: [
      {
        cell: 1,
        voltage: { device: 'cell', address: 'input:0:float32' },
        rExt: {
          device: 'cell',
          address: 'holding:100:uint16',
          minOhm: 20,
          maxOhm: 4700,
          safeOhm: SAFE_OHM,
          values: BANK,
        },
      },
    ],
    controller: { kind: 'mppt', periodS: 1 },
  }
}

async function hilStation(): Promise<{ stack: HilStack; hw: TestStation }> {
  const stack = await startHilStack([CELL])
  cleanup.push(() => stack.stop())
  const hw = await startTestStation({
    source: 'hardware',
    telemetry: { batchMs: 100 },
    instruments: instruments(stack.port),
  })
  cleanup.push(() => hw.dispose())
  await until('the safe value written first', async () =>
    (await stack.holding(100))[0] === SAFE_OHM ? true : undefined,
  )
  return { stack, hw }
}

describe('procedures on a hardware-in-the-loop stack (pymodbus)', () => {
  it('a polarization sweep writes each resistor step, stores its curve and MPP with the run', async () => {
    const { stack, hw } = await hilStation()
    await save(hw, 'sweep', {
      name: 'load sweep',
      steps: [{ kind: 'polarizationSweep', resistorsOhm: [1000, 470, 180, 100, 47], dwellS: 1.5, sampleS: 0.2 }],
    })
    const seen: number[] = []
    let watching = true
    const watch = (async () => {
      while (watching) {
        const [value] = await stack.holding(100)
        if (value !== undefined && seen.at(-1) !== value) seen.push(value)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const started = await api(hw, 'POST', '/procedures/sweep/start')
    expect(started.status).toBe(200)
    expect(started.body).toMatchObject({
      state: 'running',
      step: 1,
      steps: 1,
      startedBy: expect.any(String) as unknown,
    })
    const progress = await ended(hw, 15_000)
    watching = false
    await watch
    expect(progress.state).toBe('finished')
    // The MPPT controller was switched to fixed, then the open circuit (the bank's top), then each snapped step.
    expect(seen.slice(seen.indexOf(4700))).toEqual([4700, 1000, 470, 220, 100, 47])
    const latest = JSON.parse((await httpsRequest(hw, '/api/v1/telemetry/latest')).body) as { runId: string }
    const sweeps = runSweepsSchema.parse((await api(hw, 'GET', `/runs/${latest.runId}/sweeps`)).body).sweeps
    expect(sweeps).toHaveLength(1)
    const [sweep] = sweeps
    expect(sweep!.points.map((point) => point.rExtOhm)).toEqual([null, 1000, 470, 220, 100, 47])
    expect(sweep!.maximumPowerPoint!.rExtOhm).toBe(220)
    expect(sweep!.maximumPowerPoint!.powerW / maximumPowerW(CELL)).toBeGreaterThan(0.95)
    expect(sweep!.maximumPowerPoint!.powerW / maximumPowerW(CELL)).toBeLessThan(1.05)
    const csv = await httpsRequest(hw, `/api/v1/runs/${latest.runId}/sweeps/${sweep!.id}/curve.csv`)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.body.split('\n')).toContain(
      'r_ext_ohm,voltage_V,current_A,power_W,cell_1_voltage_V,cell_1_current_A,cell_1_power_W',
    )
    const events = await until('the steps recorded with the run', async () => {
      const res = await api(hw, 'GET', `/runs/${latest.runId}/events`)
      const list = (res.body as { events: Array<{ event: { kind: string; action?: string } }> }).events
      const actions = list.filter((e) => e.event.kind === 'procedure').map((e) => e.event.action)
      return actions.includes('finished') ? actions : undefined
    })
    expect(events).toEqual(expect.arrayContaining(['started', 'step-started', 'sweep-stored', 'step-finished']))
    const audit = JSON.parse((await httpsRequest(hw, '/api/v1/security/audit?limit=500')).body) as Array<{
      actor: string
      action: string
      target: string | null
    }>
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['procedure.create', 'procedure.start']))
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: 'procedure:sweep', action: 'actuator.write', target: 'cell-1-rext' }),
    )
  }, 25_000)
})

describe('procedure run controls on a hardware-in-the-loop stack', () => {
  it('abort leaves the safe load, or the last load set when the procedure says so', async () => {
    const { stack, hw } = await hilStation()
    const hold = (onAbort: 'safe' | 'last'): ProcedureDefinitionInput => ({
      name: `hold, abort ${onAbort}`,
      onAbort,
      steps: [
        { kind: 'setLoad', ohm: 470 },
        { kind: 'wait', durationS: 600 },
      ],
    })
    await save(hw, 'safe', hold('safe'))
    await save(hw, 'last', hold('last'))
    const register = (value: number) =>
      until(`the register at ${value}`, async () => ((await stack.holding(100))[0] === value ? true : undefined))
    expect((await api(hw, 'POST', '/procedures/safe/start')).status).toBe(200)
    await register(470)
    expect((await api(hw, 'POST', '/procedures/last/start')).status).toBe(409)
    expect((await api(hw, 'DELETE', '/procedures/safe')).status).toBe(409)
    expect((await api(hw, 'POST', '/procedures/run/pause')).body).toMatchObject({ state: 'paused' })
    expect((await api(hw, 'POST', '/procedures/run/resume')).body).toMatchObject({ state: 'running', step: 2 })
    expect((await api(hw, 'POST', '/procedures/run/abort')).body).toMatchObject({ state: 'aborted' })
    await register(SAFE_OHM)
    expect((await api(hw, 'POST', '/procedures/last/start')).status).toBe(200)
    await register(470)
    await api(hw, 'POST', '/procedures/run/abort')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await stack.holding(100))[0]).toBe(470)
    expect((await api(hw, 'POST', '/procedures/run/abort')).status).toBe(409)
  }, 20_000)
})
