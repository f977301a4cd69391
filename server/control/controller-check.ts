import type { ControllerConfig } from '../sim/control/controller-config.js'
import type { Actuator } from './actuator.js'

/**
 * Why a controller cannot run on this hardware stack, or undefined (docs/control.md "Controllers on
 * hardware"): every actuator it moves must exist, and a Q-learning policy must have been trained for
 * this action set (its substrate actuator and its R_ext range within what the stack's actuators can do) and
 * for this stack's shape (its cell count, and one shared R_ext or one per cell).
 */
export function controllerMismatch(
  config: ControllerConfig,
  actuators: readonly Actuator[],
  cells: number,
): string | undefined {
  const resistances = actuators.filter((a) => a.mapping.kind === 'resistance')
  const pump = actuators.find((a) => a.mapping.kind === 'pump')
  const perCell = resistances.filter((a) => a.mapping.cell !== null)
  const substrate = (actuator: 'feed' | 'dosing', path: string) => {
    if (actuator === 'dosing') return `${path}: this stack has no dosing actuator (only a feed pump)`
    if (!pump) return `${path}: this stack has no feed pump (instruments.stack.pump)`
    return undefined
  }
  switch (config.kind) {
    case 'fixed':
      return undefined
    case 'pid':
      return substrate(config.actuator, 'controller.actuator')
    case 'mppt':
      if (resistances.length === 0) return 'controller.kind: MPPT needs an R_ext actuator (cells[].rExt or stack.rExt)'
      if (config.scope === 'cell' && perCell.length === 0)
        return 'controller.scope: per-cell MPPT needs each cell on its own R_ext actuator (cells[].rExt)'
      return undefined
    case 'qlearning': {
      const { policy } = config
      const problem = substrate(policy.actuator, 'controller.policy.actuator')
      if (problem) return `${problem}; the policy was trained for another action set`
      if (resistances.length === 0) return 'controller.kind: Q-learning moves R_ext: this stack has no R_ext actuator'
      const shape = shapeMismatch(policy.training.stack, cells, resistances.length > perCell.length)
      if (shape) return shape
      const min = Math.min(...resistances.map((a) => a.limits.min))
      const max = Math.max(...resistances.map((a) => a.limits.max))
      if (policy.loadMinOhm < min || policy.loadMaxOhm > max)
        return `controller.policy.loadMinOhm: the policy acts on ${policy.loadMinOhm}..${policy.loadMaxOhm} ohm, this stack's R_ext takes ${min}..${max} ohm (trained for another stack)`
      const span = pump!.limits
      if (policy.substrateMin < span.min || policy.substrateMax > span.max)
        return `controller.policy.substrateMax: the policy sets the feed to ${policy.substrateMin}..${policy.substrateMax} L/day, the pump takes ${span.min}..${span.max} (trained for another stack)`
      return undefined
    }
  }
}

/** The stack a policy was trained on against this one: cells, and a shared load (series) or one per cell. */
function shapeMismatch(
  trained: { cells: number; wiring: string } | undefined,
  cells: number,
  sharedLoad: boolean,
): string | undefined {
  if (!trained) return undefined
  const path = 'controller.policy.training.stack'
  if (trained.cells !== cells)
    return `${path}: the policy was trained for a ${trained.cells}-cell ${trained.wiring} stack, this stack has ${cells} cells`
  if ((trained.wiring === 'independent') === sharedLoad)
    return `${path}: the policy was trained for a ${trained.wiring} stack, this stack has ${sharedLoad ? 'one shared R_ext' : 'an R_ext per cell'}`
  return undefined
}
