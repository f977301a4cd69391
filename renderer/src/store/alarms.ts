import { create } from 'zustand'
import type { CellAlarm } from '../../../server/contract/simulation'
import type { StationEvent, TelemetryFrame } from '../../../server/contract/stream'

/** ISA-18.2 style priorities; a reversed cell absorbs power and can be damaged, a starved one only stops producing. */
export type AlarmSeverity = 'high' | 'medium'
export const alarmSeverity: Record<CellAlarm, AlarmSeverity> = {
  'voltage-reversal': 'high',
  'substrate-depleted': 'medium',
}
export const alarmNames: Record<CellAlarm, string> = {
  'voltage-reversal': 'Voltage reversal',
  'substrate-depleted': 'Substrate depleted',
}

/** One alarm condition of one cell since the page (or the run) began; raises of it are counted, not listed again. */
export type AlarmEntry = {
  key: string
  cell: number
  alarm: CellAlarm
  severity: AlarmSeverity
  active: boolean
  firstAtMs: number
  lastAtMs: number
  /** Simulated time of the last raise, when the station said (alarm events carry it). */
  lastSimTimeS: number | undefined
  /** How often it was raised. */
  count: number
}

/**
 * What acknowledging and shelving will do once the station has an alarm module (docs/operator-ui.md
 * "Alarms"): the list shows the buttons only for the actions a station offers.
 */
export type AlarmActions = {
  acknowledge?(entry: AlarmEntry): Promise<void>
  shelve?(entry: AlarmEntry, untilMs: number): Promise<void>
}

type AlarmState = {
  entries: Record<string, AlarmEntry>
  /** Alarms raised for the first time (not a re-raise of a listed one), newest last; read by the announcer. */
  announced: Announcement[]
  /** A stream or history event; `atMs` is the station's wall time of it. */
  applyEvent(event: StationEvent, atMs: number): void
  /** The frame's alarm flags are the truth: anything the events missed (a page opened late) is corrected here. */
  reconcile(frame: TelemetryFrame, atMs: number): void
  /** A new run starts with no alarms. */
  clear(): void
}

/** A newly raised alarm, numbered so readers can tell which ones they have already passed on. */
export type Announcement = { seq: number; entry: AlarmEntry }
/** The live region and notifications need only the latest few. */
const MAX_ANNOUNCEMENTS = 20
let nextSeq = 1

const keyOf = (cell: number, alarm: CellAlarm) => `${cell}:${alarm}`

function raised(
  state: AlarmState,
  cell: number,
  alarm: CellAlarm,
  atMs: number,
  simTimeS?: number,
): Partial<AlarmState> {
  const key = keyOf(cell, alarm)
  const known = state.entries[key]
  if (known?.active) return {}
  const entry: AlarmEntry = known
    ? { ...known, active: true, lastAtMs: atMs, lastSimTimeS: simTimeS, count: known.count + 1 }
    : {
        key,
        cell,
        alarm,
        severity: alarmSeverity[alarm],
        active: true,
        firstAtMs: atMs,
        lastAtMs: atMs,
        lastSimTimeS: simTimeS,
        count: 1,
      }
  return {
    entries: { ...state.entries, [key]: entry },
    ...(known ? {} : { announced: [...state.announced, { seq: nextSeq++, entry }].slice(-MAX_ANNOUNCEMENTS) }),
  }
}

function cleared(state: AlarmState, cell: number, alarm: CellAlarm): Partial<AlarmState> {
  const key = keyOf(cell, alarm)
  const known = state.entries[key]
  return known?.active ? { entries: { ...state.entries, [key]: { ...known, active: false } } } : {}
}

/** Active and returned alarms of the current run, from the stream's alarm events and the frames' flags. */
export const useAlarms = create<AlarmState>((set, get) => ({
  entries: {},
  announced: [],
  applyEvent(event, atMs) {
    if (event.kind !== 'alarm') return
    set((state) =>
      event.raised
        ? raised(state, event.cell, event.alarm, atMs, event.simTimeS)
        : cleared(state, event.cell, event.alarm),
    )
  },
  reconcile(frame, atMs) {
    // Most frames change nothing: look before building a new state.
    let state = get()
    const before = state
    frame.cells.forEach((cell, index) => {
      for (const alarm of cell.alarms) state = { ...state, ...raised(state, index, alarm, atMs, frame.simTimeS) }
    })
    for (const entry of Object.values(state.entries))
      if (entry.active && !(frame.cells[entry.cell]?.alarms.includes(entry.alarm) ?? false))
        state = { ...state, ...cleared(state, entry.cell, entry.alarm) }
    if (state.entries !== before.entries) set({ entries: state.entries, announced: state.announced })
  },
  clear: () => set({ entries: {}, announced: [] }),
}))

/** Active alarms, high severity first, then the most recent. */
export function activeAlarms(entries: Record<string, AlarmEntry>): AlarmEntry[] {
  return Object.values(entries)
    .filter((e) => e.active)
    .sort((a, b) => (a.severity === b.severity ? b.lastAtMs - a.lastAtMs : a.severity === 'high' ? -1 : 1))
}

/** The number of active alarms, for the header and the document title. */
export const selectActiveCount = (state: { entries: Record<string, AlarmEntry> }): number =>
  Object.values(state.entries).reduce((n, e) => n + (e.active ? 1 : 0), 0)
