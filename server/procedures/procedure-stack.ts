import type { AuditLog } from '../auth/audit.js'
import type { ActuatorStatus } from '../contract/control.js'
import { boundedTarget } from '../control/actuator.js'
import type { SimulationPort } from '../control/simulation-control.js'
import type { StackControl } from '../control/stack-control.js'
import { AppError } from '../errors.js'
import type { ProcedureStack } from './ports.js'

/** The R_ext actuators a load step writes: the shared stack-rext when there is one, else every cell's. */
function loadActuators(actuators: readonly ActuatorStatus[]): ActuatorStatus[] {
  const resistances = actuators.filter((entry) => entry.kind === 'resistance')
  const shared = resistances.filter((entry) => entry.id === 'stack-rext')
  return shared.length > 0 ? shared : resistances
}

/**
 * The resistance a load step of `ohm` puts on the stack, without writing it (docs/control.md "Procedures"):
 * on hardware what the first R_ext actuator makes of it (within its limits, on its bank moving off
 * `lastOhm`, not below its reversal floor as it stands now); on the simulation the value itself.
 */
export function loadSnapping(stack: Pick<StackControl, 'source' | 'actuators' | 'reversalFloorOhm'>) {
  return (ohm: number, lastOhm: number | undefined): number => {
    const target = stack.source === 'hardware' ? loadActuators(stack.actuators())[0] : undefined
    if (!target) return ohm
    const within = {
      ...{ min: target.min ?? 0, max: target.max ?? Infinity, bank: target.values ?? undefined },
      floor: stack.reversalFloorOhm()[target.id] ?? -Infinity,
    }
    return boundedTarget(ohm, within, lastOhm)
  }
}

/**
 * A procedure's writes through the control port (docs/control.md "Procedures"). A load or feed step first
 * switches the stack to the fixed controller (audited), else the running controller would move it again.
 * On hardware the loads are actuator writes (clamped and snapped to a resistor bank, audited by the port);
 * on the simulation they are live configuration changes, audited here as the control port audits its own.
 */
export function createProcedureStack(deps: {
  stack: StackControl
  simulation?: Pick<SimulationPort, 'config' | 'configure'> | undefined
  audit: Pick<AuditLog, 'record'>
}): ProcedureStack {
  const { stack, simulation } = deps
  const toFixed = (by: string) => {
    if (stack.controllerKind() !== 'fixed') stack.setController({ kind: 'fixed' }, by)
  }
  const write = async (id: string, value: number, by: string) => {
    const written = await stack.writeActuator(id, value, by)
    const actuator = stack.actuators().find((entry) => entry.id === id)
    if (actuator?.state === 'failed')
      throw new AppError('unavailable', `${id}: ${actuator.lastError ?? 'write failed'}`)
    return written
  }
  const hardwareLoad = async (ohm: number, by: string) => {
    const actuators = stack.actuators()
    const disconnect = actuators.find((entry) => entry.kind === 'disconnect')
    if (disconnect && disconnect.commanded === 0) await write(disconnect.id, 1, by)
    const targets = loadActuators(actuators)
    if (targets.length === 0) throw new AppError('conflict', 'the stack has no R_ext actuator to set')
    const written = await Promise.all(targets.map((entry) => write(entry.id, ohm, by)))
    return written[0]!
  }
  const simulationLoad = (ohm: number, by: string) => {
    const cells = simulation!.config().load.cellRExtOhm
    simulation!.configure({ load: { rExtOhm: ohm, ...(cells ? { cellRExtOhm: cells.map(() => ohm) } : {}) } })
    deps.audit.record({ actor: by, action: 'actuator.write', target: 'simulation-load', details: { value: ohm } })
    return ohm
  }
  return {
    async setLoad(ohm, by) {
      toFixed(by)
      if (ohm === 'open') {
        await stack.openCircuit(by)
        return null
      }
      return simulation ? simulationLoad(ohm, by) : hardwareLoad(ohm, by)
    },
    async setFeed(lPerDay, by) {
      toFixed(by)
      if (simulation) {
        simulation.configure({ feed: { flowLPerDay: lPerDay } })
        deps.audit.record({
          actor: by,
          action: 'actuator.write',
          target: 'simulation-feed',
          details: { value: lPerDay },
        })
        return
      }
      if (!stack.actuators().some((entry) => entry.id === 'pump'))
        throw new AppError('conflict', 'the stack has no feed pump to set')
      await write('pump', lPerDay, by)
    },
    switchController: (controller, by) => void stack.setController(controller, by),
    safeLoad: (by) => stack.safeLoad(by),
  }
}
