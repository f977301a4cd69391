import type { SimulationStatus } from '../../../server/contract/simulation'
import type { StationEvent, TelemetryFrame } from '../../../server/contract/stream'

/** A running simulation's status, with `overrides` on top. */
export function simulationStatus(overrides: Partial<SimulationStatus> = {}): SimulationStatus {
  return {
    runId: 'run-1',
    state: 'running',
    name: 'test run',
    seed: 1,
    simTimeS: 3600,
    durationS: 86_400,
    speed: 600,
    outputHz: 10,
    cells: 3,
    controller: 'fixed',
    activeFaults: [],
    restartRequired: false,
    ...overrides,
  }
}

/** A frame of `cells` healthy cells (voltages 0.5, 0.51, ...), with `overrides` on top. */
export function telemetryFrame(cells: number, overrides: Partial<TelemetryFrame> = {}): TelemetryFrame {
  return {
    type: 'telemetry',
    source: 'simulation',
    runId: 'run-1',
    seq: 1,
    simTimeS: 3600,
    wallTimeMs: 1_000_000,
    state: 'running',
    controller: 'fixed',
    cells: Array.from({ length: cells }, (_, i) => ({
      voltageV: 0.5 + i / 100,
      currentA: 0.002,
      powerW: (0.5 + i / 100) * 0.002,
      substrateMgL: 100,
      anodeLossV: 0.01,
      internalOhm: 25,
      alarms: [],
    })),
    stack: {
      voltageV: 0.5 * cells,
      currentA: 0.002,
      powerW: 0.001 * cells,
      loadConnected: true,
      loadOhm: 600,
      feedLPerDay: 1.153,
      temperatureK: 298.15,
    },
    ...overrides,
  }
}

/** A managed alarm's change as the station streams it (cells numbered from 1). */
export function alarmEvent(
  action: 'raised' | 'cleared' | 'acknowledged',
  cell: number,
  overrides: Partial<Extract<StationEvent, { kind: 'alarm' }>> = {},
): Extract<StationEvent, { kind: 'alarm' }> {
  const state = { raised: 'active-unacked', cleared: 'cleared-unacked', acknowledged: 'active-acked' } as const
  return {
    kind: 'alarm',
    id: `cell-voltage-reversal:${cell}`,
    ruleId: 'cell-voltage-reversal',
    action,
    state: state[action],
    severity: 'high',
    cell,
    message: `Cell ${cell}: voltage reversal: the cell is driven below 0 V`,
    by: action === 'acknowledged' ? 'olga' : null,
    simTimeS: 600,
    shelved: false,
    ...overrides,
  }
}
