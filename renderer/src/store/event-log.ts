import { create } from 'zustand'
import type { EventMessage, StationEvent } from '../../../server/contract/stream'
import { controllerNames, faultName } from './names'

/** change: an accepted operator change; rejected: refused, with the station's reason; event/alarm: from the station. */
export type LogKind = 'change' | 'rejected' | 'event' | 'alarm'
/** `key` identifies a station event, so reading the recent events again (after a reconnect) adds only what is new. */
export type LogEntry = { id: number; atMs: number; kind: LogKind; text: string; key?: string }

/** Enough for a shift's worth of changes on screen; older entries belong in the audit log. */
export const MAX_LOG_ENTRIES = 200

type EventLogState = {
  entries: LogEntry[]
  add(kind: LogKind, text: string, atMs?: number): void
  /** Station events (live or re-read from `GET /api/v1/events`); ones already listed are skipped. */
  addStationEvents(messages: readonly EventMessage[]): void
}

let nextId = 1

/** The identity of a station event: the same event read twice has the same time and content. */
export function stationEventKey(message: EventMessage): string {
  return `${message.wallTimeMs}:${JSON.stringify(message.event)}`
}

export const useEventLog = create<EventLogState>((set) => ({
  entries: [],
  add: (kind, text, atMs = Date.now()) =>
    set((state) => ({ entries: [{ id: nextId++, atMs, kind, text }, ...state.entries].slice(0, MAX_LOG_ENTRIES) })),
  addStationEvents: (messages) =>
    set((state) => {
      const known = new Set(state.entries.map((e) => e.key))
      const added = messages
        .filter((m) => !known.has(stationEventKey(m)))
        .map((m): LogEntry => ({
          id: nextId++,
          atMs: m.wallTimeMs,
          key: stationEventKey(m),
          ...describeEvent(m.event),
        }))
      if (added.length === 0) return {}
      // Newest first; an entry re-read after a reconnect goes where its time puts it.
      const entries = [...added, ...state.entries].sort((a, b) => b.atMs - a.atMs || b.id - a.id)
      return { entries: entries.slice(0, MAX_LOG_ENTRIES) }
    }),
}))

/** A station event in an operator's words; cells are numbered from 1 on screen. */
export function describeEvent(event: StationEvent): { kind: LogKind; text: string } {
  switch (event.kind) {
    case 'alarm':
      return {
        kind: 'alarm',
        text: `${event.message}: ${event.action}${event.by === null ? '' : ` by ${event.by}`}`,
      }
    case 'run-state':
      return { kind: 'event', text: `Run ${event.state}` }
    case 'controller':
      return { kind: 'event', text: `Controller now ${controllerNames[event.controller]}` }
    case 'fault':
      return {
        kind: 'event',
        text:
          event.action === 'injected'
            ? `Fault #${event.id} injected: ${faultName(event.faultKind)}`
            : `Fault #${event.id} cleared`,
      }
    case 'instrument':
      return {
        kind: event.status === 'offline' || event.status === 'out-of-range' ? 'alarm' : 'event',
        text: `Instrument ${event.device} ${event.status}: ${event.message}`,
      }
    case 'interlock':
      return {
        kind: event.action === 'tripped' ? 'alarm' : 'event',
        text: `Interlock ${event.id} ${event.action}${event.by === null ? '' : ` by ${event.by}`}: ${event.message}`,
      }
    default:
      return describeOther(event)
  }
}

/** Kinds newer than this page (the stream protocol grows additively) are still shown, in the station's words. */
function describeOther(event: { kind: string; message?: unknown }): { kind: LogKind; text: string } {
  return { kind: 'event', text: `${event.kind}${typeof event.message === 'string' ? `: ${event.message}` : ''}` }
}
