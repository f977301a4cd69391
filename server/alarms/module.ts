import type { AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import type { Clock } from '../clock.js'
import type { AlarmRule, AlarmsConfig } from '../config/alarms-schema.js'
import type { AlarmSeverity } from '../contract/alarms.js'
import type { StationEvent, TelemetryFrame } from '../contract/stream.js'
import type { EventBus } from '../event-bus.js'
import type { Logger } from '../logger.js'
import type { StationModule } from '../module.js'
import type { Db } from '../store/database.js'
import { createAlarmBook, type AlarmChange } from './alarm-book.js'
import { createCondition, type Condition } from './condition.js'
import { createAlarmHistory } from './history.js'
import { mountOf } from '../auth/route-description.js'
import { alarmsApi, createAlarmsRouter } from './routes.js'

export { alarmMigrations } from './history.js'

export type AlarmsModule = StationModule & { book: ReturnType<typeof createAlarmBook> }

/** How often shelved alarms are checked for expiry. */
const SHELF_CHECK_MS = 10_000

/** The value a rule watches in a frame; undefined when the source does not measure it. */
function valueOf(frame: TelemetryFrame, rule: AlarmRule, cell: number): number | undefined {
  const sample = rule.subject === 'cell' ? frame.cells[cell] : frame.stack
  const value = (sample as Record<string, unknown> | undefined)?.[rule.channel]
  return typeof value === 'number' ? value : undefined
}

/** Station events that are alarms themselves: a failing service, a certificate alert. */
function eventAlarm(event: StationEvent) {
  if (event.kind === 'service' && (event.status === 'failed' || event.status === 'failing'))
    return { id: `service:${event.service}`, severity: 'high' as const, message: event.message, clears: false }
  if (event.kind === 'service') return { id: `service:${event.service}`, clearsOnly: true as const }
  if (event.kind === 'certificate') {
    const severity: AlarmSeverity =
      event.severity === 'critical' ? 'high' : event.severity === 'warning' ? 'medium' : 'low'
    return { id: `certificate:${event.alert}`, severity, message: event.message, clears: true }
  }
  // A dead link stays an alarm until the device answers again; a bad reading or an implausible value is
  // a momentary condition the operator still has to see (docs/operations.md "Alarms").
  if (event.kind === 'instrument' && event.status === 'online')
    return { id: `instrument:${event.device}`, clearsOnly: true as const }
  if (event.kind === 'instrument') {
    const lost = event.status === 'offline'
    const id = event.status === 'out-of-range' ? `instrument-range:${event.device}` : `instrument:${event.device}`
    const message = `${event.device}: ${event.message}`
    return { id, severity: lost ? ('high' as const) : ('medium' as const), message, clears: !lost }
  }
  return undefined
}

/** Every change of an alarm: one history row (best effort) and one `alarm` event on the bus. */
function reportChanges(deps: {
  history: ReturnType<typeof createAlarmHistory>
  bus: EventBus
  log: Logger
  runId: () => string | null
}) {
  return ({ alarm, action, state, by, at }: AlarmChange) => {
    const entry = { alarmId: alarm.id, action, severity: alarm.severity, message: alarm.message, by }
    try {
      deps.history.record({ ...entry, ...at, runId: deps.runId() })
    } catch (error) {
      // The history is a record, not the alarm: a full disk must not stop alarms from being raised.
      deps.log.warn(`alarm history not written (${(error as Error).message})`)
    }
    const runId = deps.runId()
    deps.bus.publish('event', {
      type: 'event',
      wallTimeMs: at.wallTimeMs,
      ...(runId === null ? {} : { runId }),
      ...(at.simTimeS === null ? {} : { simTimeS: at.simTimeS }),
      event: {
        kind: 'alarm',
        id: alarm.id,
        ruleId: alarm.ruleId,
        action,
        state,
        severity: alarm.severity,
        message: alarm.message,
        ...(alarm.cell === undefined ? {} : { cell: alarm.cell }),
        by,
        simTimeS: at.simTimeS,
        shelved: alarm.shelved !== null,
      },
    })
  }
}

/**
 * Alarm management (docs/operations.md "Alarms", ISA-18.2): rules with deadbands and delays evaluated on
 * every frame of any source, service failures and certificate alerts as alarms, one active list with
 * acknowledge and timed shelving (audited), a queryable history, and one `alarm` event per change.
 */
export function createAlarmsModule(deps: {
  config: AlarmsConfig
  db: Db
  clock: Clock
  bus: EventBus
  guard: AccessGuard
  audit: Pick<AuditLog, 'record'>
  log: Logger
}): AlarmsModule {
  const { clock, bus } = deps
  const history = createAlarmHistory(deps.db)
  let runId: string | null = null
  const onChange = reportChanges({ history, bus, log: deps.log, runId: () => runId })
  const book = createAlarmBook({ now: clock.now, onChange })
  const conditions = new Map<string, Condition>()
  const conditionOf = (rule: AlarmRule, index: number) => {
    const key = `${rule.id}:${index}`
    let condition = conditions.get(key)
    if (!condition) conditions.set(key, (condition = createCondition(rule)))
    return condition
  }

  /** A new run starts from normal: the old run's rule alarms clear (unacknowledged ones stay listed). */
  const startRun = (next: string, wallTimeMs: number) => {
    if (next === runId) return
    for (const condition of conditions.values()) condition.reset()
    const at = { wallTimeMs, simTimeS: null }
    const ruleAlarm = (alarm: { ruleId: string }) => deps.config.rules.some((rule) => rule.id === alarm.ruleId)
    for (const id of book.ids(ruleAlarm)) book.clear(id, at)
    runId = next
  }
  const onFrame = (frame: TelemetryFrame) => {
    startRun(frame.runId, frame.wallTimeMs)
    const at = { wallTimeMs: frame.wallTimeMs, simTimeS: frame.simTimeS }
    for (const rule of deps.config.rules) {
      const subjects = rule.subject === 'cell' ? frame.cells.length : 1
      for (let index = 0; index < subjects; index += 1) {
        const change = conditionOf(rule, index).update(valueOf(frame, rule, index), frame.simTimeS)
        if (change === undefined) continue
        const id = rule.subject === 'cell' ? `${rule.id}:${index + 1}` : rule.id
        if (change === 'cleared') book.clear(id, at)
        else {
          const cell = rule.subject === 'cell' ? { cell: index + 1 } : {}
          const message = rule.subject === 'cell' ? `Cell ${index + 1}: ${rule.message}` : rule.message
          book.raise({ id, ruleId: rule.id, severity: rule.severity, message, ...cell }, at)
        }
      }
    }
  }
  const onEvent = (event: StationEvent, wallTimeMs: number) => {
    // A reset announces the new run before its first frame: the old run's alarms go at once.
    if (event.kind === 'run-state' && runId !== null) startRun(event.runId, wallTimeMs)
    const alarm = eventAlarm(event)
    if (!alarm) return
    const at = { wallTimeMs, simTimeS: null }
    if ('clearsOnly' in alarm) return book.clear(alarm.id, at)
    book.raise({ id: alarm.id, ruleId: alarm.id.split(':')[0]!, severity: alarm.severity, message: alarm.message }, at)
    if (alarm.clears) book.clear(alarm.id, at)
  }

  const releases = [
    bus.subscribe('telemetry', 'alarms', onFrame),
    bus.subscribe('event', 'alarms', (message) => onEvent(message.event, message.wallTimeMs)),
  ]
  const shelfTimer = clock.setInterval(() => book.expireShelves(), SHELF_CHECK_MS)
  const router = createAlarmsRouter({ book, history, guard: deps.guard, now: clock.now, audit: deps.audit })
  return {
    name: 'alarms',
    book,
    routes: [mountOf(alarmsApi, router)],
    close() {
      clock.clearInterval(shelfTimer)
      for (const release of releases) release()
    },
  }
}
