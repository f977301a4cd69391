import { create } from 'zustand'
import type { Alarm } from '../../../server/contract/alarms'
import type { CellAlarm } from '../../../server/contract/simulation'
import type { StationEvent } from '../../../server/contract/stream'
import type { AlarmsApi } from '../api/alarms-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

/** The frame's raw per-cell flags, as the cell page names them (the managed alarms carry their own message). */
export const alarmNames: Record<CellAlarm, string> = {
  'voltage-reversal': 'Voltage reversal',
  'substrate-depleted': 'Substrate depleted',
  'out-of-range': 'Out of plausible range',
}

/** A newly raised alarm, numbered so readers can tell which ones they have already passed on. */
export type Announcement = { seq: number; alarm: Alarm }
/** The alarms first raised by one store update: the live region reads a burst as one sentence. */
export type AlarmBurst = { seq: number; count: number; mostSevere: Alarm }
/** The live region and notifications need only the latest few. */
const MAX_ANNOUNCEMENTS = 20
let nextSeq = 1

type AlarmEvent = Extract<StationEvent, { kind: 'alarm' }>
/** A station event with the wall time the stream stamped on it. */
export type TimedEvent = { event: StationEvent; atMs: number }

export type AlarmState = {
  /** The station's active list by alarm id (docs/operations.md "Alarms"). */
  alarms: Record<string, Alarm>
  /** Alarms raised that were not on the list, newest last; read by the announcer and the notifier. */
  announced: Announcement[]
  /** The newest update's newly raised alarms, if it raised any (the live region's one sentence). */
  lastBurst: AlarmBurst | undefined
  /** Reads the station's list (page open, reconnect, after an action). */
  refresh(): Promise<void>
  /** A stream event: the list follows it at once, before the next refresh. */
  applyEvent(event: StationEvent, atMs: number): void
  /**
   * Several stream events in one store update (docs/operator-ui.md "Pilot-scale stacks"): a burst of alarm
   * changes costs the page one render, not one per alarm.
   */
  applyEvents(events: readonly TimedEvent[]): void
  acknowledge(id: string): Promise<Outcome>
  shelve(id: string, minutes: number, reason: string): Promise<Outcome>
  unshelve(id: string): Promise<Outcome>
  clear(): void
}

/** What an alarm event says about the listed alarm; undefined once it is back to normal. */
export function afterEvent(known: Alarm | undefined, event: AlarmEvent, atMs: number): Alarm | undefined {
  if (event.state === 'normal') return undefined
  const at = { wallTimeMs: atMs, simTimeS: event.simTimeS }
  const base: Alarm = known ?? {
    ...{ id: event.id, ruleId: event.ruleId, severity: event.severity, state: event.state, message: event.message },
    ...(event.cell === undefined ? {} : { cell: event.cell }),
    ...{ firstRaised: at, lastRaised: at, occurrences: 0, acknowledged: null, shelved: null },
  }
  const raised = event.action === 'raised'
  return {
    ...base,
    state: event.state,
    severity: event.severity,
    lastRaised: raised ? at : base.lastRaised,
    occurrences: raised ? base.occurrences + 1 : base.occurrences,
    acknowledged: event.action === 'acknowledged' ? { by: event.by ?? '', atMs } : raised ? null : base.acknowledged,
    shelved: event.shelved ? (base.shelved ?? { by: event.by ?? '', untilMs: Number.NaN, reason: '' }) : null,
  }
}

const rank = { low: 0, medium: 1, high: 2, critical: 3 } as const

/** The list and the announcements after a batch of alarm events, in order; untouched alarms keep their objects. */
function afterEvents(
  state: Pick<AlarmState, 'alarms' | 'announced'>,
  batch: readonly { event: AlarmEvent; atMs: number }[],
): Partial<AlarmState> {
  const alarms = { ...state.alarms }
  const fresh: Announcement[] = []
  for (const { event, atMs } of batch) {
    const known = alarms[event.id]
    const next = afterEvent(known, event, atMs)
    if (next) alarms[event.id] = next
    else delete alarms[event.id]
    if (event.action === 'raised' && !event.shelved && known === undefined && next !== undefined)
      fresh.push({ seq: nextSeq++, alarm: next })
  }
  if (fresh.length === 0) return { alarms }
  const mostSevere = fresh.reduce((a, b) => (rank[b.alarm.severity] > rank[a.alarm.severity] ? b : a)).alarm
  return {
    alarms,
    announced: [...state.announced, ...fresh].slice(-MAX_ANNOUNCEMENTS),
    lastBurst: { seq: fresh.at(-1)!.seq, count: fresh.length, mostSevere },
  }
}

/** Active (raised, acknowledged or not) as opposed to cleared and waiting for an acknowledgement. */
export const isActive = (alarm: Alarm): boolean => alarm.state !== 'cleared-unacked'

/** Most urgent first: active, severity, not yet acknowledged, latest. */
export function ordered(alarms: Record<string, Alarm>): Alarm[] {
  return Object.values(alarms).sort(
    (a, b) =>
      Number(isActive(b)) - Number(isActive(a)) ||
      rank[b.severity] - rank[a.severity] ||
      Number(b.state === 'active-unacked') - Number(a.state === 'active-unacked') ||
      b.lastRaised.wallTimeMs - a.lastRaised.wallTimeMs,
  )
}

/** The number of active alarms, for the header and the document title. */
export const selectActiveCount = (state: Pick<AlarmState, 'alarms'>): number =>
  Object.values(state.alarms).reduce((n, alarm) => n + (isActive(alarm) ? 1 : 0), 0)

/** The alarm list, mirrored from the station and kept current by the stream's alarm events. */
export function createAlarmsStore(deps: ChangeDeps & { api: AlarmsApi }) {
  return create<AlarmState>((set, get) => {
    const act = async (label: string, call: () => Promise<unknown>): Promise<Outcome> => {
      const outcome = await runChange(deps, label, call, () => undefined)
      await get().refresh()
      return outcome
    }
    return {
      alarms: {},
      announced: [],
      lastBurst: undefined,
      async refresh() {
        const list = await deps.api.list().catch(() => undefined)
        if (list) set({ alarms: Object.fromEntries(list.map((alarm) => [alarm.id, alarm])) })
      },
      applyEvent: (event, atMs) => get().applyEvents([{ event, atMs }]),
      applyEvents(events) {
        const batch = events.filter((e): e is { event: AlarmEvent; atMs: number } => e.event.kind === 'alarm')
        if (batch.length === 0) return
        set((state) => afterEvents(state, batch))
      },
      acknowledge: (id) => act(`Acknowledge ${id}`, () => deps.api.acknowledge(id)),
      shelve: (id, minutes, reason) => act(`Shelve ${id}`, () => deps.api.shelve(id, minutes, reason)),
      unshelve: (id) => act(`Unshelve ${id}`, () => deps.api.unshelve(id)),
      clear: () => set({ alarms: {}, announced: [], lastBurst: undefined }),
    }
  })
}
