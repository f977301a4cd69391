import type { AuditLog } from '../auth/audit.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { ControlConfig } from '../config/control-schema.js'
import { ConfigError } from '../config/load.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { AppError } from '../errors.js'
import type { EventBus } from '../event-bus.js'
import type { Actuation } from '../instruments/actuation.js'
import type { Logger } from '../logger.js'
import type { Controller } from '../sim/control/controller.js'
import { controllerConfigSchema, createController, type ControllerConfig } from '../sim/control/controller-config.js'
import { parseInput } from '../validation.js'
import { controllerMismatch } from './controller-check.js'
import { createHardwareActuators } from './hardware-actuators.js'
import { observationOf } from './observation.js'
import type { StackControl } from './stack-control.js'

export type HardwareControlDeps = {
  actuation: Actuation
  controller: ControllerConfig
  /** The stack's mapped cells (a Q-learning policy must have been trained for as many). */
  cells: number
  substrateTargetMgL: number
  config: ControlConfig
  latest: () => TelemetryFrame | undefined
  clock: Clock
  audit: Pick<AuditLog, 'record'>
  bus: Pick<EventBus, 'publish'>
  log: Logger
}

/** A frame older than this many controller periods (at least 5 s) is no basis for a decision. */
const STALE_PERIODS = 3

/**
 * A hardware stack under control (docs/control.md "Controllers on hardware"): the controllers of
 * server/sim/control run unchanged, deciding every periodS of wall-clock time from the newest frame; their
 * changes become actuator writes (limits, banks, the reversal floor, retries), each audited with who did it.
 */
export function createHardwareControl(deps: HardwareControlDeps): StackControl {
  const { clock } = deps
  const actuators = createHardwareActuators(deps)
  const initial = controllerMismatch(deps.controller, actuators.list, deps.cells)
  if (initial) throw new ConfigError(`instruments.${initial}`)
  let controller: Controller = createController(deps.controller)
  let target = deps.substrateTargetMgL
  let held = false
  let initialised = false
  let closing = false
  let timer: TimerHandle | undefined

  const decide = () => {
    const frame = deps.latest()
    if (held || closing || !initialised || !frame) return
    if (clock.now() - frame.wallTimeMs > Math.max(5000, STALE_PERIODS * controller.periodS * 1000)) return
    const change = controller.decide(observationOf(frame, actuators.commanded(), target))
    void actuators.apply(change, `controller:${controller.kind}`)
  }
  const schedule = () => {
    if (timer) clock.clearInterval(timer)
    timer = clock.setInterval(decide, controller.periodS * 1000)
  }
  schedule()

  return {
    source: 'hardware',
    controllerKind: () => controller.kind,
    setController(input, by) {
      const next: ControllerConfig = parseInput(controllerConfigSchema, input, 'body')
      const problem = controllerMismatch(next, actuators.list, deps.cells)
      if (problem) throw new AppError('bad_request', problem)
      controller = createController(next)
      schedule()
      deps.audit.record({ actor: by, action: 'controller.switch', target: next.kind, details: { config: next } })
      const event = { kind: 'controller' as const, controller: next.kind }
      deps.bus.publish('event', { type: 'event', wallTimeMs: clock.now(), event })
      return next.kind
    },
    hold(next) {
      held = next
    },
    safeLoad: (by) => actuators.toSafe(actuators.resistances, by),
    openCircuit: (by) => actuators.openCircuit(by),
    stopPump: (by) => (actuators.pump ? actuators.toSafe([actuators.pump], by) : Promise.resolve()),
    onFrame(frame) {
      // The first frame with a measured cell: every actuator to its safe value, a known state to start from.
      if (!initialised && frame.cells.some((cell) => cell.voltageV !== undefined)) {
        initialised = true
        void actuators.toSafe(actuators.list, 'station')
      }
      actuators.floor.update(frame)
    },
    actuators: () => actuators.list.map((actuator) => actuator.status()),
    mismatched: () => actuators.list.filter((a) => a.mismatch()).map((a) => a.mapping.id),
    failed: () => actuators.list.filter((a) => a.failed()).map((a) => a.mapping.id),
    reversalFloorOhm: () => actuators.floor.all(),
    substrateTargetMgL: () => target,
    setSubstrateTarget(mgL, by) {
      deps.audit.record({ actor: by, action: 'controller.setpoint', details: { from: target, to: mgL } })
      target = mgL
    },
    async writeActuator(id, value, by) {
      const actuator = actuators.byId.get(id)
      if (!actuator) throw new AppError('not_found', `no actuator "${id}" is configured`)
      if (controller.kind !== 'fixed')
        throw new AppError('conflict', `the ${controller.kind} controller drives the actuators: switch to fixed first`)
      return actuators.write(actuator, value, by)
    },
    async close() {
      closing = true
      if (timer) clock.clearInterval(timer)
      timer = undefined
      await actuators.leaveSafe()
    },
  }
}
