import { beforeEach, describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../../../server/contract/stream'
import { combinedRows } from './chart-window'
import { ARCHIVE_SPACING_S, RECENT_FRAMES, useTelemetry } from './telemetry'

const cell = (voltageV: number) => ({
  voltageV,
  currentA: 0.006,
  powerW: voltageV * 0.006,
  substrateMgL: 20,
  anodeLossV: 0.01,
  internalOhm: 25,
  alarms: [],
})
const frame = (seq: number, runId = 'run-1', cells = 2): TelemetryFrame => ({
  type: 'telemetry',
  source: 'simulation',
  runId,
  seq,
  simTimeS: seq,
  wallTimeMs: 0,
  state: 'running',
  controller: 'fixed',
  cells: Array.from({ length: cells }, (_, i) => cell(0.3 + i / 10)),
  stack: {
    voltageV: 0.7,
    currentA: 0.006,
    powerW: 0.0042,
    loadConnected: true,
    loadOhm: 50,
    feedLPerDay: 0.1527,
    temperatureK: 298.15,
  },
})

beforeEach(() => useTelemetry.getState().append(frame(0, 'reset-between-tests', 0), 0))

describe('telemetry store', () => {
  it('keeps a bounded full-rate window and a coarse long-range one', () => {
    const total = RECENT_FRAMES + 500
    for (let seq = 1; seq <= total; seq += 1) useTelemetry.getState().append(frame(seq), seq)
    const { recent, archive, latest, lastFrameAtMs, revision } = useTelemetry.getState()
    expect(recent.length).toBe(RECENT_FRAMES)
    expect(recent.timeAt(0)).toBe(501)
    expect(recent.valueAt(RECENT_FRAMES - 1, { cell: 1, channel: 'voltageV' })).toBeCloseTo(0.4, 12)
    expect(recent.valueAt(0, { cell: 'stack', channel: 'substrateMgL' })).toBe(20)
    expect(archive.timeAt(1) - archive.timeAt(0)).toBe(ARCHIVE_SPACING_S)
    expect(latest?.seq).toBe(total)
    expect(lastFrameAtMs).toBe(total)
    expect(revision).toBeGreaterThan(total)
  })

  it('starts over when a new run begins and when the cell count changes', () => {
    const store = useTelemetry.getState
    store().append(frame(1), 1)
    store().append(frame(2), 2)
    store().append(frame(1, 'run-2'), 3)
    expect(store().recent.length).toBe(1)
    expect(store().runId).toBe('run-2')
    store().append(frame(2, 'run-2', 16), 4)
    expect(store().recent.cells).toBe(16)
    expect(store().recent.length).toBe(1)
  })

  it('ignores frames it already has (a replay after reconnecting)', () => {
    const store = useTelemetry.getState
    for (const seq of [1, 2, 3, 2, 3, 4]) store().append(frame(seq, 'replayed'), seq)
    expect(store().recent.length).toBe(4)
    expect(store().latest?.seq).toBe(4)
  })

  it('fills the long-range ring from history so long windows reach back beyond the stream', () => {
    const store = useTelemetry.getState
    store().append(frame(6000, 'live', 2), 1)
    store().loadHistory(
      Array.from({ length: 100 }, (_, i) => ({
        simTimeS: i * 60,
        stack: [1, 2, 3, 4],
        cells: [
          [0.5, 0, 0, 9],
          [0.6, 0, 0, 9],
        ],
      })),
    )
    for (let seq = 6001; seq < 6010; seq += 1) store().append(frame(seq, 'live', 2), seq)
    const rows = combinedRows(store().recent, store().archive, [{ cell: 1, channel: 'voltageV' }], 3600, 6009)
    expect(rows[0]!.t).toBe(2460)
    expect(rows[0]!['cell1_voltageV']).toBe(0.6)
    expect(rows.at(-1)!.t).toBe(6009)
    expect(rows.at(-1)!['cell1_voltageV']).toBeCloseTo(0.4, 12)
  })
})
