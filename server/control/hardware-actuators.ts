import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { ControlConfig } from '../config/control-schema.js'
import type { Actuation } from '../instruments/actuation.js'
import type { Logger } from '../logger.js'
import type { Actuators } from '../sim/control/controller.js'
import { createActuator, type Actuator } from './actuator.js'
import { createReversalFloor } from './reversal-floor.js'
import type { Actor } from './stack-control.js'

export type HardwareActuatorsDeps = {
  actuation: Actuation
  config: ControlConfig
  clock: Clock
  audit: Pick<AuditLog, 'record'>
  log: Logger
}

/**
 * A hardware stack's actuators as a controller sees them (docs/control.md "Actuators"): the shared load
 * (the stack's R_ext, or every cell's together), each cell's load, the feed pump; every write goes through
 * the limits, the bank and the reversal floor, is retried, and is audited with who asked for it.
 */
export function createHardwareActuators(deps: HardwareActuatorsDeps) {
  const { clock, actuation } = deps
  const retry = { retries: deps.config.writeRetries, backoffMs: deps.config.retryBackoffMs }
  const list = actuation.list().map((mapping) => createActuator(mapping, { actuation, clock, ...retry }))
  const byId = new Map(list.map((actuator) => [actuator.mapping.id, actuator]))
  const resistances = list.filter((a) => a.mapping.kind === 'resistance')
  const stackLoad = byId.get('stack-rext')
  const cellLoads = resistances.filter((a) => a.mapping.cell !== null)
  const pump = byId.get('pump')
  const floor = createReversalFloor(deps.config.reversalLimit, { stackLoad, cellLoads, actuation })

  /** Writes a request (clamped, snapped, above the floor unless it is a safe value); unchanged values are not rewritten. */
  const write = async (actuator: Actuator, requested: number, by: Actor, bypassFloor = false) => {
    const value = actuator.target(requested, bypassFloor ? -Infinity : floor.of(actuator.mapping.id))
    if (actuation.commanded(actuator.mapping.id) === value && !actuator.failed()) return value
    const ok = await actuator.write(value)
    deps.audit.record({
      ...{ actor: by, action: 'actuator.write', target: actuator.mapping.id, outcome: ok ? 'ok' : 'failed' },
      details: { value, requested, ...(ok ? {} : { error: actuator.status().lastError }) },
    })
    if (!ok) deps.log.warn(`actuator ${actuator.mapping.id}: write of ${value} failed: ${actuator.status().lastError}`)
    return value
  }
  const toSafe = (targets: readonly Actuator[], by: Actor) =>
    Promise.all(targets.map((actuator) => write(actuator, actuator.limits.safe, by, true))).then(() => undefined)

  return {
    list,
    byId,
    resistances,
    pump,
    floor,
    write,
    toSafe,
    /** The actuators as last commanded, in the controllers' terms (server/sim/control/controller.ts). */
    commanded(): Actuators {
      const shared = stackLoad ?? cellLoads[0]
      const loadOhm = (shared && actuation.commanded(shared.mapping.id)) ?? shared?.limits.safe ?? 0
      return {
        loadOhm,
        cellLoadOhm: cellLoads.map((a) => actuation.commanded(a.mapping.id) ?? loadOhm),
        feedLPerDay: (pump && actuation.commanded('pump')) ?? 0,
        dosingMgPerDay: 0,
      }
    },
    /** A controller's change: the shared load to the stack's R_ext (or every cell's), cell loads, the feed. */
    async apply(change: Partial<Actuators>, by: Actor): Promise<void> {
      const writes: Array<Promise<unknown>> = []
      if (change.loadOhm !== undefined)
        for (const actuator of stackLoad ? [stackLoad] : cellLoads) writes.push(write(actuator, change.loadOhm, by))
      change.cellLoadOhm?.forEach((ohm, index) => {
        const actuator = cellLoads[index]
        if (actuator) writes.push(write(actuator, ohm, by))
      })
      if (change.feedLPerDay !== undefined && pump) writes.push(write(pump, change.feedLPerDay, by))
      await Promise.all(writes)
    },
    async openCircuit(by: Actor): Promise<void> {
      const disconnect = byId.get('disconnect')
      if (disconnect) await write(disconnect, 0, by, true)
      else await Promise.all(resistances.map((a) => write(a, a.limits.max, by, true)))
    },
    /** The safe state on stop (docs/control.md "Safe state"): one try each, as the links close right after. */
    async leaveSafe(): Promise<void> {
      const once = list.map((a) => createActuator(a.mapping, { actuation, clock, retries: 0, backoffMs: 1 }))
      await Promise.all(
        once
          .filter((a) => a.mapping.kind !== 'disconnect')
          .map(async (a) => {
            const ok = await a.write(a.limits.safe)
            deps.audit.record({
              ...{ actor: 'station', action: 'actuator.safe-state', target: a.mapping.id },
              ...{ outcome: ok ? 'ok' : 'failed', details: { value: a.limits.safe } },
            })
          }),
      )
    },
  }
}
export type HardwareActuators = ReturnType<typeof createHardwareActuators>
