import { beforeEach, describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../../../server/contract/stream'
import { MAX_POINTS, useTelemetry } from './telemetry'

const frame = (seq: number, runId = 'run-1'): TelemetryFrame => ({
  type: 'telemetry',
  runId,
  seq,
  simTimeS: seq * 60,
  wallTimeMs: 0,
  state: 'running',
  controller: 'fixed',
  cells: [{ voltageV: 0.3, currentA: 0.006, powerW: 0.0018, substrateMgL: 20, anodeLossV: 0.01, internalOhm: 25, alarms: [] }],
  stack: { voltageV: 0.3, currentA: 0.006, powerW: 0.0018, loadConnected: true, loadOhm: 50, feedLPerDay: 0.1527, temperatureK: 298.15 },
})

beforeEach(() => useTelemetry.setState({ points: [], lastFrameAtMs: undefined, runId: undefined }))

describe('telemetry store', () => {
  it('keeps a bounded window of the newest points', () => {
    for (let seq = 1; seq <= MAX_POINTS + 50; seq += 1) useTelemetry.getState().append(frame(seq), seq)
    const { points, lastFrameAtMs } = useTelemetry.getState()
    expect(points).toHaveLength(MAX_POINTS)
    expect(points[0]!.simTimeS).toBe(51 * 60)
    expect(points.at(-1)!.simTimeS).toBe((MAX_POINTS + 50) * 60)
    expect(points.at(-1)!.powerMw).toBeCloseTo(1.8, 12)
    expect(lastFrameAtMs).toBe(MAX_POINTS + 50)
  })

  it('starts a new chart when a new run begins', () => {
    useTelemetry.getState().append(frame(1), 1)
    useTelemetry.getState().append(frame(2), 2)
    useTelemetry.getState().append(frame(1, 'run-2'), 3)
    expect(useTelemetry.getState().points).toHaveLength(1)
    expect(useTelemetry.getState().runId).toBe('run-2')
  })
})
