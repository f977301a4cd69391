import type { Controller } from './controller.js'

/** Open loop: leaves the actuators where the configuration (or the operator) put them. */
export function createFixedController(periodS: number): Controller {
  return { kind: 'fixed', periodS, decide: () => ({}) }
}
