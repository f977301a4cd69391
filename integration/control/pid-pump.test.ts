import { afterEach, describe, expect, it } from 'vitest'
import { startHilStack } from '../../server/control/testing/hil-stack.js'
import { startTestStation } from '../../server/testing/station-fixture.js'
import { frameWhen, until } from '../instruments/harness.js'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

describe('PID on a hardware-in-the-loop stack (pymodbus)', () => {
  it('holds the substrate setpoint through the feed pump the peer reads', async () => {
    // The peer's anode: S = 1000 q / (q + 0.5) mg/L for a feed q in L/day, so 500 mg/L needs 0.5 L/day.
    const stack = await startHilStack([{ e: 0.8, rint: 200 }])
    cleanup.push(() => stack.stop())
    const hw = await startTestStation({
      source: 'hardware',
      telemetry: { batchMs: 100 },
      instruments: {
        frameMs: 100,
        devices: [{ id: 'cell', uri: `modbus-tcp://127.0.0.1:${stack.port}?unit=1`, pollMs: 50, timeoutMs: 300 }],
        cells: [
          {
            cell: 1,
            voltage: { device: 'cell', address: 'input:0:float32' },
            substrate: { device: 'cell', address: 'input:50:float32' },
            rExtOhm: 470,
          },
        ],
        stack: { pump: { device: 'cell', address: 'holding:200:uint16', scale: 1000, maxLPerDay: 1.5 } },
        controller: { kind: 'pid', actuator: 'feed', kp: 0.0015, ki: 0.001, periodS: 1, outputMax: 1.5 },
        substrateTargetMgL: 500,
      },
    })
    cleanup.push(() => hw.dispose())
    // Held: the register stays within 5 % of 500 mL/day for 4 s (four decisions) in a row.
    let inBandSinceMs: number | undefined
    const settled = await until(
      'the pump register held near 0.5 L/day for 4 s',
      async () => {
        const [mlPerDay] = await stack.holding(200)
        const inBand = mlPerDay !== undefined && Math.abs(mlPerDay - 500) <= 25
        inBandSinceMs = inBand ? (inBandSinceMs ?? Date.now()) : undefined
        return inBandSinceMs !== undefined && Date.now() - inBandSinceMs >= 4000 ? mlPerDay : undefined
      },
      20_000,
    )
    expect(settled).toBeGreaterThan(0)
    const frame = await frameWhen(hw, 'the substrate within 5 % of 500 mg/L', (f) => {
      const substrate = f.cells[0]?.substrateMgL
      return substrate !== undefined && Math.abs(substrate - 500) <= 25
    })
    expect(frame.controller).toBe('pid')
    expect(frame.stack.pumpCommandedLPerDay).toBeCloseTo(frame.stack.pumpMeasuredLPerDay!, 2)
  }, 28_000)
})
