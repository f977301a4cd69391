import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { controlStatusSchema, type ControlStatus } from '../../server/contract/control.js'
import { maximumPowerW, startHilStack, type HilCell, type HilStack } from '../../server/control/testing/hil-stack.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { startStationProcess } from '../../server/testing/station-process.js'
import { until } from '../instruments/harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

const CELL: HilCell = { e: 0.8, rint: 200 }
const SAFE_OHM = 1000

/** One cell on the HIL peer: its voltage at input 0, its R_ext potentiometer at holding 100. */
function instruments(port: number, controller: object) {
  return {
    frameMs: 100,
    devices: [{ id: 'cell', uri: `modbus-tcp://127.0.0.1:${port}?unit=1`, pollMs: 50, timeoutMs: 300 }],
    cells: [
      {
        cell: 1,
        voltage: { device: 'cell', address: 'input:0:float32' },
        rExt: { device: 'cell', address: 'holding:100:uint16', minOhm: 20, maxOhm: 5000, safeOhm: SAFE_OHM },
      },
    ],
    controller,
  }
}

/** Adaptive perturb-and-observe, one decision a second (the shortest period a controller takes). */
const MPPT = { kind: 'mppt', periodS: 1, stepFraction: 0.4, adaptive: true, minStepFraction: 0.02, lowerStepRatio: 1 }

async function peer(cells: HilCell[] = [CELL]): Promise<HilStack> {
  const started = await startHilStack(cells)
  cleanup.push(() => started.stop())
  return started
}

async function station(flags: Parameters<typeof startTestStation>[0]): Promise<TestStation> {
  const started = await startTestStation({ source: 'hardware', telemetry: { batchMs: 100 }, ...flags })
  cleanup.push(() => started.dispose())
  return started
}

async function controlOf(hw: TestStation): Promise<ControlStatus> {
  const res = await httpsRequest(hw, '/api/v1/stack')
  if (res.status !== 200) throw new Error(`GET /api/v1/stack: ${res.status} ${res.body}`)
  return controlStatusSchema.parse(JSON.parse(res.body))
}

const registerIs = (stack: HilStack, value: number, what: string) =>
  until(what, async () => ((await stack.holding(100))[0] === value ? true : undefined), 8000)

/** P(R) / P_max of a Thevenin cell: 4 R R_int / (R + R_int)^2. */
const efficiency = (ohm: number, cell: HilCell) => (4 * ohm * cell.rint) / (ohm + cell.rint) ** 2

describe('controllers on a hardware-in-the-loop stack (pymodbus)', () => {
  it('MPPT reaches the peer cell’s maximum power point within 5 % through Modbus writes', async () => {
    const stack = await peer()
    const hw = await station({ instruments: instruments(stack.port, MPPT) })
    await registerIs(stack, SAFE_OHM, 'the safe value written first')
    // Within 12 decisions the written R_ext gives at least 95 % of E^2 / 4 R_int at the peer.
    const ohm = await until(
      'R_ext near the MPP',
      async () => {
        const [written] = await stack.holding(100)
        return written !== undefined && efficiency(written, CELL) >= 0.95 ? written : undefined
      },
      14_000,
    )
    expect(ohm).toBeGreaterThan(CELL.rint * 0.6)
    const status = await controlOf(hw)
    expect(status.controller).toMatchObject({ kind: 'mppt', held: false })
    const actuator = status.actuators.find((a) => a.id === 'cell-1-rext')!
    expect(actuator.writes).toBeGreaterThan(3)
    const frame = JSON.parse((await httpsRequest(hw, '/api/v1/telemetry/latest')).body) as {
      controller: string
      cells: Array<{ powerW?: number; rExtCommandedOhm?: number; rExtMeasuredOhm?: number }>
    }
    expect(frame.controller).toBe('mppt')
    expect(frame.cells[0]!.rExtMeasuredOhm).toBeDefined()
    expect(frame.cells[0]!.powerW!).toBeGreaterThan(0.9 * maximumPowerW(CELL))
    const audit = JSON.parse((await httpsRequest(hw, '/api/v1/security/audit?limit=500')).body) as Array<{
      actor: string
      action: string
      target: string | null
    }>
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: 'controller:mppt', action: 'actuator.write', target: 'cell-1-rext' }),
    )
  }, 25_000)

  it('refuses a controller the stack cannot run, naming why, and changes nothing', async () => {
    const stack = await peer()
    const hw = await station({ instruments: instruments(stack.port, { kind: 'fixed', periodS: 60 }) })
    const res = await httpsRequest(hw, '/api/v1/stack/controller', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'pid', periodS: 1 }),
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'bad_request', message: /no feed pump/ } })
    expect((await controlOf(hw)).controller.kind).toBe('fixed')
  })
})

describe('interlocks on hardware', () => {
  const quick = {
    interlocks: [
      {
        id: 'cell-reversal',
        condition: { kind: 'limit', subject: 'cell', channel: 'voltageV', when: 'below', threshold: 0 },
        actions: ['hold-controller', 'safe-load', 'alarm'],
        resume: 'auto',
        message: 'cell reversal',
      },
      {
        id: 'stale-data',
        condition: { kind: 'stale', afterS: 1 },
        actions: ['hold-controller', 'alarm'],
        resume: 'acknowledge',
        message: 'no current cell voltage',
      },
    ],
  }

  it('a reversing cell trips the interlock: safe load in the peer, controller held, alarm, resumes when it clears', async () => {
    const stack = await peer()
    const hw = await station({ instruments: instruments(stack.port, { kind: 'fixed', periodS: 60 }), control: quick })
    await registerIs(stack, SAFE_OHM, 'the safe value written first')
    const write = await httpsRequest(hw, '/api/v1/stack/actuators/cell-1-rext', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 300 }),
    })
    expect(write.status).toBe(200)
    await registerIs(stack, 300, 'the operator’s 300 ohm')
    await stack.setEmf(0, -0.3)
    await registerIs(stack, SAFE_OHM, 'the safe load after the trip')
    const tripped = await controlOf(hw)
    expect(tripped.interlocks.find((i) => i.id === 'cell-reversal')).toMatchObject({
      state: 'tripped',
      cause: expect.stringMatching(/cell 1 voltageV = -/) as unknown,
    })
    expect(tripped.controller).toMatchObject({ held: true, heldBy: ['cell-reversal'] })
    const metrics = (await httpsRequest(hw, '/metrics')).body
    expect(metrics).toMatch(/^mfc_interlock_tripped\{[^}]*interlock="cell-reversal"[^}]*\} 1$/m)
    expect(metrics).toMatch(/^mfc_controller_held(\{[^}]*\})? 1$/m)
    const alarms = JSON.parse((await httpsRequest(hw, '/api/v1/alarms')).body) as { alarms: Array<{ id: string }> }
    expect(alarms.alarms.map((a) => a.id)).toContain('interlock:cell-reversal')
    await stack.setEmf(0, 0.8)
    const released = await until('the interlock released', async () => {
      const status = await controlOf(hw)
      return status.interlocks[0]!.state === 'armed' ? status : undefined
    })
    expect(released.controller.held).toBe(false)
    expect(released.interlocks[0]!.trips).toBe(1)
    const audit = JSON.parse((await httpsRequest(hw, '/api/v1/security/audit?limit=500')).body) as Array<{
      actor: string
      action: string
      target: string | null
    }>
    const actions = audit.filter((e) => e.target === 'cell-reversal').map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['interlock.tripped', 'interlock.released']))
  }, 25_000)

  it('a device killed mid-run trips the stale-data interlock, which waits for an acknowledgement', async () => {
    const stack = await peer()
    const hw = await station({ instruments: instruments(stack.port, { kind: 'fixed', periodS: 60 }), control: quick })
    await registerIs(stack, SAFE_OHM, 'the safe value written first')
    await stack.stop()
    const tripped = await until('the stale-data interlock', async () => {
      const status = await controlOf(hw)
      return status.interlocks[1]!.state === 'tripped' ? status.interlocks[1] : undefined
    })
    expect(tripped.cause).toMatch(/cell 1 voltageV absent/)
    const ack = await httpsRequest(hw, '/api/v1/stack/interlocks/stale-data/acknowledge', { method: 'POST' })
    expect(ack.status).toBe(200)
    expect(JSON.parse(ack.body)).toMatchObject({ state: 'tripped', acknowledgedBy: expect.any(String) as unknown })
    const health = JSON.parse((await httpsRequest(hw, '/api/v1/health')).body) as {
      components?: Array<{ name: string; up: boolean }>
    }
    expect(health.components?.find((c) => c.name === 'control')?.up).toBe(false)
  }, 20_000)
})

describe('safe state on stop', () => {
  it('a station SIGTERM leaves the safe value in the peer’s register', async () => {
    const stack = await peer()
    const dir = mkdtempSync(join(tmpdir(), 'mfc-control-'))
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }))
    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ source: 'hardware', instruments: instruments(stack.port, MPPT) }))
    const proc = await startStationProcess({ dataDir: join(dir, 'data'), args: ['--config', config] })
    cleanup.push(async () => void (await proc.stop('SIGKILL')))
    await until(
      'MPPT moving R_ext away from the safe value',
      async () => {
        const [written] = await stack.holding(100)
        return written !== undefined && written !== 0 && written < SAFE_OHM ? written : undefined
      },
      10_000,
    )
    expect(await proc.stop('SIGTERM')).toBe(0)
    expect(await stack.holding(100)).toEqual([SAFE_OHM])
  }, 25_000)
})
