import type { CellAlarm } from './alarms.js'
import { influentAt } from './build.js'
import { affects } from './faults.js'
import type { Actuators, Controller } from './control/controller.js'
import { SECONDS_PER_DAY } from './parameters.js'
import type { Fault } from './run-config-parts.js'
import { harvestedPowerW, INSTANT_TOLERANCE_S, type RunParts, type RunState } from './run-timeline.js'

/** Per-cell state and outputs at one instant. powerW is negative for a reversed cell (it absorbs power). */
export type CellSnapshot = {
  voltageV: number
  currentA: number
  powerW: number
  substrateMgL: number
  anodophilicMgL: number
  methanogenicMgL: number
  /** M_ox / M_total. */
  oxidisedMediatorFraction: number
  openCircuitV: number
  internalOhm: number
  /** E_OCV minus the cell's EMF: the anode's concentration and mediator losses (V). */
  anodeLossV: number
  measuredVoltageV: number | null
  measuredSubstrateMgL: number | null
  alarms: CellAlarm[]
}

export type StackSnapshot = {
  /** Load voltage and current (shared load), or cell totals with independent loads. */
  voltageV: number
  currentA: number
  powerW: number
  loadConnected: boolean
  actuators: Actuators
  /**
   * What the stack really gets, after faults: the load (Infinity while disconnected) and the mean feed
   * per cell (0 during a feed-pump failure), next to the commanded `actuators`.
   */
  actual: { loadOhm: number; feedLPerDay: number }
  influentMgL: number
  temperatureK: number
  measured: { voltageV: number | null; currentA: number | null; powerW: number | null; temperatureK: number | null }
}

export type ActiveFaultSnapshot = { id: number; startedS: number; endsS: number | null; fault: Fault }

export type RunSnapshot = {
  simTimeS: number
  cells: CellSnapshot[]
  stack: StackSnapshot
  controller: Controller['kind']
  activeFaults: ActiveFaultSnapshot[]
}

/** The load and mean feed per cell that the active faults leave of the commanded ones (build.ts applyInputs). */
function actualInputs(parts: RunParts): StackSnapshot['actual'] {
  const active = parts.faults.activeFaults()
  const disconnected = active.some((fault) => fault.kind === 'load-disconnect')
  let fed = 0
  for (let i = 0; i < parts.cells; i += 1) if (!affects(active, 'feed-pump-failure', i)) fed += 1
  return {
    loadOhm: disconnected ? Infinity : parts.actuators.loadOhm,
    feedLPerDay: parts.cells === 0 ? 0 : (parts.actuators.feedLPerDay * fed) / parts.cells,
  }
}

/** The active faults as a snapshot shows them: an open-ended fault ends at null. */
export function activeFaultSnapshots(parts: RunParts): ActiveFaultSnapshot[] {
  return parts.faults.active().map((entry) => ({
    id: entry.id,
    startedS: entry.startedS,
    endsS: Number.isFinite(entry.endsS) ? entry.endsS : null,
    fault: entry.fault,
  }))
}

/**
 * The run now. Between step ends (timeS < requestedS) the physics is shown at the requested time
 * from a side branch, one partial step of a copy of the stack, so a real-time stream moves smoothly
 * while the run itself stays on its step grid; sensors, alarms and metrics are those of the last
 * step end.
 */
export function takeSnapshot(parts: RunParts, state: RunState): RunSnapshot {
  const { stack, inputs, actuators, sensors, sharedLoad } = parts
  const { readings } = sensors
  const ahead = state.requestedS - state.timeS > INSTANT_TOLERANCE_S
  const view = ahead ? stack.clone() : stack
  if (ahead) view.step((state.requestedS - state.timeS) / SECONDS_PER_DAY, inputs)
  const cells: CellSnapshot[] = Array.from({ length: parts.cells }, (_, i) => {
    const voltageV = view.outputs.cellVoltageV[i] as number
    const currentA = view.outputs.cellCurrentA[i] as number
    const p = view.spec.parameters[i]
    return {
      voltageV,
      currentA,
      powerW: voltageV * currentA,
      substrateMgL: view.substrateMgL[i] as number,
      anodophilicMgL: view.anodophilicMgL[i] as number,
      methanogenicMgL: view.methanogenicMgL[i] as number,
      oxidisedMediatorFraction: (view.oxidisedMediator[i] as number) / (p?.mTotalMgMPerMgX ?? 1),
      openCircuitV: view.outputs.openCircuitV[i] as number,
      internalOhm: view.outputs.internalOhm[i] as number,
      anodeLossV: view.outputs.anodeLossV[i] as number,
      measuredVoltageV: readings.cellVoltage[i] ?? null,
      measuredSubstrateMgL: readings.substrate[i] ?? null,
      alarms: parts.alarms.of(i),
    }
  })
  const powerW = harvestedPowerW(parts, view)
  const currentA = sharedLoad ? view.outputs.loadCurrentA : cells.reduce((sum, c) => sum + c.currentA, 0)
  return {
    simTimeS: ahead ? state.requestedS : state.timeS,
    cells,
    stack: {
      voltageV: sharedLoad ? view.outputs.loadVoltageV : currentA > 0 ? powerW / currentA : 0,
      currentA,
      powerW,
      loadConnected: !parts.faults.activeFaults().some((f) => f.kind === 'load-disconnect'),
      actuators: { ...actuators, cellLoadOhm: [...actuators.cellLoadOhm] },
      actual: actualInputs(parts),
      influentMgL: influentAt(state.config, state.timeS),
      temperatureK: inputs.temperatureK[0] as number,
      measured: {
        voltageV: readings.loadVoltage,
        currentA: readings.loadCurrent,
        powerW: sensors.measuredPowerW(inputs),
        temperatureK: readings.temperature,
      },
    },
    controller: state.controller.kind,
    activeFaults: activeFaultSnapshots(parts),
  }
}
