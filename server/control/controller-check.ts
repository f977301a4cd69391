import type { ControllerConfig } from '../sim/control/controller-config.js'
import type { Actuator } from './actuator.js'

/**
 * Why a controller cannot run on this hardware stack, or undefined (docs/control.md "Controllers on
 * hardware"): every actuator it moves must exist, and a Q-learning policy must have been trained for
 * this action set: its substrate actuator and its R_ext range within what the stack's actuators can do.
 */
export function controllerMismatch(config: ControllerConfig, actuators: readonly Actuator[]): string | undefined {
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
