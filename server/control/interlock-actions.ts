import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { ComponentHealth } from '../contract/health.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { InterlockChange, Interlocks } from './interlocks.js'
import type { AlarmPort, StackControl } from './stack-control.js'

/**
 * What an interlock change does (docs/control.md "Interlocks"): audited, logged, announced as an
 * `interlock` event; a trip raises its alarm and applies its actions, a release clears the alarm; the
 * controller stays held while any holding interlock is not armed.
 */
export function createInterlockActions(deps: {
  interlocks: Interlocks
  stack: StackControl
  bus: Pick<EventBus, 'publish'>
  clock: Clock
  audit: Pick<AuditLog, 'record'>
  alarms: AlarmPort
  log: Logger
}) {
  const { interlocks, stack } = deps
  return (change: InterlockChange) => {
    const { rule, action, state, by } = change
    const actor = by ?? `interlock:${rule.id}`
    const cause = interlocks.list().find((entry) => entry.id === rule.id)?.cause ?? null
    deps.audit.record({ actor, action: `interlock.${action}`, target: rule.id, details: { state, cause } })
    deps.log.info(`interlock ${rule.id} ${action}${cause ? ` (${cause})` : ''}`)
    const message = cause ? `${rule.message} (${cause})` : rule.message
    const event = { kind: 'interlock' as const, id: rule.id, action, state, message, by }
    deps.bus.publish('event', { type: 'event', wallTimeMs: deps.clock.now(), event })
    const alarmId = `interlock:${rule.id}`
    if (action === 'tripped') {
      if (rule.actions.includes('alarm'))
        deps.alarms.raise({ id: alarmId, ruleId: 'interlock', severity: rule.severity, message })
      const failed = (error: unknown) => deps.log.warn(`interlock ${rule.id}: ${(error as Error).message}`)
      if (rule.actions.includes('safe-load')) stack.safeLoad(actor).catch(failed)
      if (rule.actions.includes('open-circuit')) stack.openCircuit(actor).catch(failed)
      if (rule.actions.includes('stop-pump')) stack.stopPump(actor).catch(failed)
    } else if (action === 'released' || action === 'cleared') deps.alarms.clear(alarmId)
    stack.hold(interlocks.holding().length > 0)
  }
}

/** One health component: down while an interlock is not armed or an actuator failed, saying which. */
export function controlHealth(interlocks: Interlocks, stack: StackControl): ComponentHealth[] {
  const problems = [
    ...interlocks
      .list()
      .filter((entry) => entry.state !== 'armed')
      .map((entry) => `interlock ${entry.id} ${entry.state}${entry.cause ? `: ${entry.cause}` : ''}`),
    ...stack.failed().map((id) => `actuator ${id} failed`),
  ]
  const up = problems.length === 0
  return [
    {
      ...{ name: 'control', state: up ? 'up' : 'restarting', up, uptimeSeconds: 0, restarts: 0 },
      lastError: up ? null : problems.join('; '),
    },
  ]
}
