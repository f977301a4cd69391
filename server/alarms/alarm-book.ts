import type { Alarm, AlarmSeverity, AlarmState } from '../contract/alarms.js'
import { AppError } from '../errors.js'

/** What an alarm is about: everything that does not change between its occurrences. */
export type AlarmSubject = { id: string; ruleId: string; severity: AlarmSeverity; message: string; cell?: number }
export type Occurrence = Alarm['firstRaised']
export type AlarmAction = 'raised' | 'cleared' | 'acknowledged' | 'shelved' | 'unshelved'
/** One change, with the state the alarm is in afterwards (`normal`: cleared and acknowledged, off the list). */
export type AlarmChange = {
  alarm: Alarm
  action: AlarmAction
  state: AlarmState | 'normal'
  by: string | null
  at: Occurrence
}

const rank: Record<AlarmSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 }

/** Most urgent first: severity, then not yet acknowledged, then the latest. */
const byUrgency = (a: Alarm, b: Alarm) =>
  rank[b.severity] - rank[a.severity] ||
  Number(b.state === 'active-unacked') - Number(a.state === 'active-unacked') ||
  b.lastRaised.wallTimeMs - a.lastRaised.wallTimeMs

/**
 * The active-alarm list and its ISA-18.2 life cycle (docs/operations.md "Alarms"): raised -> acknowledged
 * or cleared; an alarm leaves the list only when it is both cleared and acknowledged. Shelving hides an
 * alarm from announcement for a bounded time, then it returns by itself. Every change is reported once.
 */
export function createAlarmBook(deps: { now: () => number; onChange: (change: AlarmChange) => void }) {
  const alarms = new Map<string, Alarm & { active: boolean }>()
  const shelves = new Map<string, NonNullable<Alarm['shelved']>>()
  const view = (entry: Alarm & { active: boolean }): Alarm => {
    const { active: _active, ...alarm } = entry
    return { ...alarm, shelved: shelves.get(alarm.id) ?? null }
  }
  const report = (entry: Alarm & { active: boolean }, action: AlarmAction, by: string | null, at: Occurrence) =>
    deps.onChange({ alarm: view(entry), action, state: alarms.has(entry.id) ? entry.state : 'normal', by, at })
  const wallNow = (): Occurrence => ({ wallTimeMs: deps.now(), simTimeS: null })
  const find = (id: string) => {
    const entry = alarms.get(id)
    if (!entry) throw new AppError('not_found', `no alarm ${id} on the active list`)
    return entry
  }

  return {
    raise(subject: AlarmSubject, at: Occurrence): void {
      const entry = alarms.get(subject.id)
      if (entry?.active) return
      const next = entry
        ? {
            ...entry,
            active: true,
            state: 'active-unacked' as const,
            lastRaised: at,
            occurrences: entry.occurrences + 1,
          }
        : {
            ...subject,
            active: true,
            state: 'active-unacked' as const,
            firstRaised: at,
            lastRaised: at,
            occurrences: 1,
            acknowledged: null,
            shelved: null,
          }
      alarms.set(subject.id, { ...next, acknowledged: null })
      report(alarms.get(subject.id)!, 'raised', null, at)
    },
    clear(id: string, at: Occurrence): void {
      const entry = alarms.get(id)
      if (!entry?.active) return
      // Acknowledged and now cleared: back to normal, off the list. Otherwise it waits for an acknowledgement.
      const state: AlarmState = entry.state === 'active-acked' ? entry.state : 'cleared-unacked'
      const next = { ...entry, active: false, state }
      if (entry.state === 'active-acked') alarms.delete(id)
      else alarms.set(id, next)
      report(next, 'cleared', null, at)
    },
    acknowledge(id: string, by: string): Alarm {
      const entry = find(id)
      if (entry.state === 'active-acked') return view(entry)
      const acknowledged = { by, atMs: deps.now() }
      const next = { ...entry, state: 'active-acked' as const, acknowledged }
      if (entry.active) alarms.set(id, next)
      else alarms.delete(id)
      report(next, 'acknowledged', by, wallNow())
      return view(next)
    },
    shelve(id: string, by: string, minutes: number, reason: string): Alarm {
      const entry = find(id)
      shelves.set(id, { by, untilMs: deps.now() + minutes * 60_000, reason })
      report(entry, 'shelved', by, wallNow())
      return view(entry)
    },
    unshelve(id: string, by: string | null): void {
      if (!shelves.delete(id)) throw new AppError('not_found', `alarm ${id} is not shelved`)
      const entry = alarms.get(id)
      if (entry) report(entry, 'unshelved', by, wallNow())
    },
    /** Shelves whose time is up return (called on a timer). */
    expireShelves(): void {
      const now = deps.now()
      for (const [id, shelf] of shelves) if (shelf.untilMs <= now) this.unshelve(id, null)
    },
    isShelved: (id: string) => shelves.has(id),
    /** The alarms of one kind of subject, e.g. every cell alarm when a new run starts. */
    ids: (filter: (alarm: Alarm) => boolean) => [...alarms.values()].filter(filter).map((alarm) => alarm.id),
    list: (): Alarm[] => [...alarms.values()].map(view).sort(byUrgency),
  }
}

export type AlarmBook = ReturnType<typeof createAlarmBook>
