import type { RunState } from '../contract/simulation.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { EngineFrame } from '../sim/engine.js'

/** The wire form of an engine frame: what every client needs, not the model's whole state. */
export function toTelemetryFrame(
  frame: EngineFrame,
  context: { runId: string; state: RunState; wallTimeMs: number },
): TelemetryFrame {
  return {
    type: 'telemetry',
    source: 'simulation',
    runId: context.runId,
    seq: frame.seq,
    simTimeS: frame.simTimeS,
    wallTimeMs: context.wallTimeMs,
    state: context.state,
    controller: frame.controller,
    cells: frame.cells.map((cell) => ({
      voltageV: cell.voltageV,
      currentA: cell.currentA,
      powerW: cell.powerW,
      substrateMgL: cell.substrateMgL,
      anodeLossV: cell.anodeLossV,
      internalOhm: cell.internalOhm,
      alarms: cell.alarms,
    })),
    stack: {
      voltageV: frame.stack.voltageV,
      currentA: frame.stack.currentA,
      powerW: frame.stack.powerW,
      loadConnected: frame.stack.loadConnected,
      loadOhm: frame.stack.actuators.loadOhm,
      ...(Number.isFinite(frame.stack.actual.loadOhm) ? { loadActualOhm: frame.stack.actual.loadOhm } : {}),
      feedLPerDay: frame.stack.actuators.feedLPerDay,
      feedActualLPerDay: frame.stack.actual.feedLPerDay,
      temperatureK: frame.stack.temperatureK,
    },
  }
}
