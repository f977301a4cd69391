import { create } from 'zustand'
import type { StationEvent } from '../../../server/contract/stream'

/** change: an accepted operator change; rejected: refused, with the station's reason; event/alarm: from the stream. */
export type LogKind = 'change' | 'rejected' | 'event' | 'alarm'
export type LogEntry = { id: number; atMs: number; kind: LogKind; text: string }

/** Enough for a shift's worth of changes on screen; older entries belong in the audit log. */
export const MAX_LOG_ENTRIES = 200

type EventLogState = {
  entries: LogEntry[]
  add(kind: LogKind, text: string, atMs?: number): void
}

let nextId = 1

export const useEventLog = create<EventLogState>((set) => ({
  entries: [],
  add: (kind, text, atMs = Date.now()) =>
    set((state) => ({ entries: [{ id: nextId++, atMs, kind, text }, ...state.entries].slice(0, MAX_LOG_ENTRIES) })),
}))

/** A stream event in an operator's words; cells are numbered from 1 on screen. */
export function describeEvent(event: StationEvent): { kind: LogKind; text: string } {
  switch (event.kind) {
    case 'alarm':
      return {
        kind: 'alarm',
        text: `Cell ${event.cell + 1}: ${event.alarm.replace('-', ' ')} ${event.raised ? 'raised' : 'cleared'}`,
      }
    case 'run-state':
      return { kind: 'event', text: `Run ${event.state}` }
    case 'controller':
      return { kind: 'event', text: `Controller now ${event.controller}` }
    case 'fault':
      return {
        kind: 'event',
        text:
          event.action === 'injected'
            ? `Fault #${event.id} injected: ${event.faultKind}`
            : `Fault #${event.id} cleared`,
      }
    case 'instrument':
      return {
        kind: event.status === 'offline' || event.status === 'out-of-range' ? 'alarm' : 'event',
        text: `Instrument ${event.device} ${event.status}: ${event.message}`,
      }
    default:
      return describeOther(event)
  }
}

/** Kinds newer than this page (the stream protocol grows additively) are still shown, in the station's words. */
function describeOther(event: { kind: string; message?: unknown }): { kind: LogKind; text: string } {
  return { kind: 'event', text: `${event.kind}${typeof event.message === 'string' ? `: ${event.message}` : ''}` }
}
