import type { AuditLog } from '../auth/audit.js'
import type { ControlConfig } from '../config/control-schema.js'
import { AppError } from '../errors.js'
import { RunConfigError } from '../sim/run-config.js'
import type { ControllerKind } from '../sim/control/controller.js'
import type { ReversalFloors } from '../sim/control/reversal-guard.js'
import type { StackControl } from './stack-control.js'

/** The part of the simulation service the control port needs (server/simulation/service.ts). */
export type SimulationPort = {
  status(): { controller: ControllerKind }
  config(): { controller: unknown; load: { cellRExtOhm?: number[] | undefined } }
  setController(input: unknown): unknown
  configure(patch: unknown): unknown
  reversalFloors(): ReversalFloors | undefined
}

/** The floors the engine learnt, by the loads' ids (`simulation-load`, `simulation-cell-<n>`); none yet: absent. */
function floorsById(floors: ReversalFloors | undefined): Record<string, number> {
  if (!floors) return {}
  const entries: Array<[string, number]> = [['simulation-load', floors.loadOhm]]
  floors.cellLoadOhm.forEach((ohm, index) => entries.push([`simulation-cell-${index + 1}`, ohm]))
  return Object.fromEntries(entries.filter(([, ohm]) => Number.isFinite(ohm)))
}

/** The highest load the model takes (server/sim/bounds.ts): as near an open circuit as the model goes. */
export const OPEN_CIRCUIT_OHM = 1e7

/**
 * The control port on a simulated stack (docs/control.md "The control port"): the engine runs the
 * controllers itself on simulated time; holding switches it to the fixed controller and releasing restores
 * the one it ran; the safe load and the pump stop are live configuration changes, audited.
 */
export function createSimulationControl(deps: {
  simulation: SimulationPort
  config: ControlConfig
  audit: Pick<AuditLog, 'record'>
}): StackControl {
  const { simulation } = deps
  let heldController: unknown
  const setLoad = (ohm: number, by: string) => {
    const cells = simulation.config().load.cellRExtOhm
    simulation.configure({ load: { rExtOhm: ohm, ...(cells ? { cellRExtOhm: cells.map(() => ohm) } : {}) } })
    deps.audit.record({ actor: by, action: 'actuator.write', target: 'simulation-load', details: { value: ohm } })
  }
  return {
    source: 'simulation',
    controllerKind: () => simulation.status().controller,
    setController(input, by) {
      try {
        simulation.setController(input)
      } catch (error) {
        if (error instanceof RunConfigError) throw new AppError('bad_request', error.message)
        throw error
      }
      const kind = simulation.status().controller
      deps.audit.record({ actor: by, action: 'controller.switch', target: kind })
      return kind
    },
    hold(held) {
      if (held && heldController === undefined) {
        heldController = simulation.config().controller
        simulation.setController({ kind: 'fixed' })
      } else if (!held && heldController !== undefined) {
        simulation.setController(heldController)
        heldController = undefined
      }
    },
    safeLoad: async (by) => setLoad(deps.config.simulationSafeOhm, by),
    openCircuit: async (by) => setLoad(OPEN_CIRCUIT_OHM, by),
    async stopPump(by) {
      simulation.configure({ feed: { flowLPerDay: 0 } })
      deps.audit.record({ actor: by, action: 'actuator.write', target: 'simulation-feed', details: { value: 0 } })
    },
    onFrame: () => undefined,
    actuators: () => [],
    mismatched: () => [],
    failed: () => [],
    reversalFloorOhm: () => floorsById(simulation.reversalFloors()),
    substrateTargetMgL: () => null,
    setSubstrateTarget() {
      throw new AppError('conflict', 'a simulated stack takes its setpoint in its run configuration (targets)')
    },
    writeActuator() {
      return Promise.reject(new AppError('conflict', 'a simulated stack has no actuators: configure its load'))
    },
    close: async () => undefined,
  }
}
