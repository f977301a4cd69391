import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { ControlConfig } from '../config/control-schema.js'
import type { ControlStatus } from '../contract/control.js'
import type { TelemetryFrame } from '../contract/stream.js'
import { AppError } from '../errors.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import { createInterlockActions, controlHealth } from './interlock-actions.js'
import { createInterlocks } from './interlocks.js'
import { createControlRouter, stackApi } from './routes.js'
import { mountOf } from '../auth/route-description.js'
import type { AlarmPort, StackControl } from './stack-control.js'

export type { AlarmPort } from './stack-control.js'

export { createHardwareControl } from './hardware-control.js'
export { createSimulationControl } from './simulation-control.js'

export type ControlModuleDeps = {
  config: ControlConfig
  stack: StackControl
  bus: EventBus
  clock: Clock
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  alarms: AlarmPort
  log: Logger
}

export type ControlModule = StationModule & { status(): ControlStatus; stack: StackControl }

/**
 * Control (docs/control.md): the stack's control port, the interlocks evaluated on every frame of the
 * station's source with their actions, the actuator mismatch alarms, and `/api/v1/stack`. Closing it
 * leaves the actuators in their safe state; it closes before the instruments' links (built after them).
 */
export function createControlModule(deps: ControlModuleDeps): ControlModule {
  const { stack, clock, bus } = deps
  const interlocks = createInterlocks(deps.config.interlocks, stack.source)
  const mismatches = new Set<string>()

  const act = createInterlockActions({ ...deps, interlocks })

  const announceMismatches = () => {
    const now = new Set(stack.mismatched())
    for (const id of now)
      if (!mismatches.has(id))
        deps.alarms.raise({
          ...{ id: `actuator-mismatch:${id}`, ruleId: 'actuator-mismatch', severity: 'medium' },
          message: `actuator ${id}: the read-back differs from the commanded value beyond its tolerance`,
        })
    for (const id of mismatches) if (!now.has(id)) deps.alarms.clear(`actuator-mismatch:${id}`)
    mismatches.clear()
    for (const id of now) mismatches.add(id)
  }

  const onFrame = (frame: TelemetryFrame) => {
    if (frame.source !== stack.source) return
    stack.onFrame(frame)
    announceMismatches()
    for (const change of interlocks.evaluate(frame, { mismatched: stack.mismatched(), failed: stack.failed() }))
      act(change)
  }
  const release = bus.subscribe('telemetry', 'control', onFrame)

  const status = (): ControlStatus => {
    const heldBy = interlocks.holding()
    return {
      source: stack.source,
      controller: { kind: stack.controllerKind(), held: heldBy.length > 0, heldBy },
      reversalFloorOhm: stack.reversalFloorOhm(),
      substrateTargetMgL: stack.substrateTargetMgL(),
      actuators: stack.actuators(),
      interlocks: interlocks.list(),
    }
  }
  const acknowledge = (id: string, by: string) => {
    const current = interlocks.list().find((entry) => entry.id === id)
    if (current?.state === 'armed') throw new AppError('conflict', `interlock "${id}" is armed: nothing to acknowledge`)
    const change = interlocks.acknowledge(id, by, clock.now())
    if (!change) return undefined
    act(change)
    return interlocks.list().find((entry) => entry.id === id)
  }
  return {
    name: 'control',
    status,
    stack,
    routes: [mountOf(stackApi, createControlRouter({ control: { status, stack, acknowledge }, guard: deps.guard }))],
    health: () => controlHealth(interlocks, stack),
    async close() {
      release()
      await stack.close()
    },
  }
}
