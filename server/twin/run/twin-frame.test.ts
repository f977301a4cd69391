import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../../contract/stream.js'
import { reported, twinFrameOf } from './twin-frame.js'

/** A measured frame as the instruments send it (docs/stream-protocol.md): what they do not read is absent. */
function hardwareFrame(stack: TelemetryFrame['stack'], cells: TelemetryFrame['cells']): TelemetryFrame {
  return {
    ...{ type: 'telemetry', source: 'hardware', runId: 'hw-1', seq: 1, simTimeS: 10, wallTimeMs: 10_000 },
    ...{ state: 'running', controller: 'fixed', stack, cells },
  }
}

describe('the twin’s reading of a frame', () => {
  it('holds a missing input from the previous frame and leaves a missing measurement out of the residual', () => {
    const first = twinFrameOf(
      hardwareFrame({ loadOhm: 200, feedLPerDay: 0.15, temperatureK: 303, voltageV: 0.5 }, [
        { voltageV: 0.5, currentA: 0.0025, alarms: [] },
      ]),
      undefined,
    )
    expect(first?.stack).toMatchObject({ loadOhm: 200, feedLPerDay: 0.15, temperatureK: 303, loadConnected: true })
    const next = twinFrameOf(hardwareFrame({ loadOhm: 150 }, [{ alarms: [] }]), first?.stack)
    expect(next?.stack).toMatchObject({ loadOhm: 150, feedLPerDay: 0.15, temperatureK: 303 })
    expect(Number.isNaN(next?.cells[0]?.voltageV)).toBe(true)
    expect(reported(next?.cells[0]?.voltageV as number)).toBeNull()
    expect(reported(0.42)).toBe(0.42)
  })

  it('takes each cell’s own load where the stack has none, their mean standing in for the stack’s', () => {
    const frame = twinFrameOf(
      hardwareFrame({ feedLPerDay: 0.15, temperatureK: 298 }, [
        { voltageV: 0.5, alarms: [], rExtCommandedOhm: 100, rExtMeasuredOhm: 110 },
        { voltageV: 0.4, alarms: [], rExtCommandedOhm: 300 },
      ]),
      undefined,
    )
    expect(frame?.cells.map((cell) => cell.loadOhm)).toEqual([110, 300])
    expect(frame?.stack.loadOhm).toBe(205)
    const oneWithout = hardwareFrame({ feedLPerDay: 0.15, temperatureK: 298 }, [
      { voltageV: 0.5, alarms: [], rExtCommandedOhm: 100 },
      { voltageV: 0.4, alarms: [] },
    ])
    expect(twinFrameOf(oneWithout, undefined)).toBeUndefined()
  })

  it('waits while the source has never reported the load, feed or temperature', () => {
    expect(twinFrameOf(hardwareFrame({ loadOhm: 200, feedLPerDay: 0.15 }, []), undefined)).toBeUndefined()
  })
})
