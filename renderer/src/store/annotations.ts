import { create } from 'zustand'
import type { EventMessage, StationEvent, TelemetryFrame } from '../../../server/contract/stream'
import { controllerNames, faultName } from './names'

/** What a chart marks: faults, controller changes, load steps and run changes (resets, starts, stops). */
export type AnnotationKind = 'fault' | 'controller' | 'load' | 'run'
export type Annotation = { id: number; simTimeS: number; kind: AnnotationKind; label: string }

/** Marks of one run; more would cover the plot (the event log keeps everything). */
export const MAX_ANNOTATIONS = 200
/**
 * A load change smaller than this is noise, not a step. MPPT and Q-learning move the load by design
 * every period: their moves are the controller's trace (the load chart), not annotations.
 */
const LOAD_STEP_FRACTION = 0.005
const STEPPING_CONTROLLERS = new Set(['fixed', 'pid'])

type AnnotationState = {
  runId: string | undefined
  items: Annotation[]
  /** Marks a station event at the simulated time it happened (undefined: unknown, nothing is marked). */
  addEvent(event: StationEvent, simTimeS: number | undefined): void
  /** Marks load steps: R_ext changed between two frames while no controller was moving it. */
  observeFrame(previous: TelemetryFrame | undefined, frame: TelemetryFrame): void
  /** A new run's time axis starts at zero: the old marks do not belong on it. */
  startRun(runId: string): void
}

let nextId = 1

function labelOf(event: StationEvent): { kind: AnnotationKind; label: string } | undefined {
  switch (event.kind) {
    case 'fault':
      return { kind: 'fault', label: `${faultName(event.faultKind)} ${event.action} (#${event.id})` }
    case 'controller':
      return { kind: 'controller', label: `Controller: ${controllerNames[event.controller]}` }
    case 'run-state':
      return { kind: 'run', label: `Run ${event.state}` }
    default:
      return undefined
  }
}

/** The marks of a recorded run from the events recorded with it (each carries its sim time). */
export function recordedMarks(events: readonly EventMessage[]): Annotation[] {
  return events
    .flatMap((message, i) => {
      const mark = labelOf(message.event)
      return mark && message.simTimeS !== undefined ? [{ id: -(i + 1), simTimeS: message.simTimeS, ...mark }] : []
    })
    .slice(-MAX_ANNOTATIONS)
}

export const useAnnotations = create<AnnotationState>((set, get) => {
  const add = (simTimeS: number, kind: AnnotationKind, label: string) =>
    set((state) => ({ items: [...state.items, { id: nextId++, simTimeS, kind, label }].slice(-MAX_ANNOTATIONS) }))
  return {
    runId: undefined,
    items: [],
    addEvent(event, simTimeS) {
      const mark = labelOf(event)
      if (mark && simTimeS !== undefined) add(simTimeS, mark.kind, mark.label)
    },
    observeFrame(previous, frame) {
      if (get().runId !== frame.runId) get().startRun(frame.runId)
      if (!previous || previous.runId !== frame.runId || !STEPPING_CONTROLLERS.has(frame.controller)) return
      const before = previous.stack.loadOhm
      const after = frame.stack.loadOhm
      if (before === undefined || after === undefined) return
      if (Math.abs(after - before) > LOAD_STEP_FRACTION * Math.max(before, 1e-9))
        add(frame.simTimeS, 'load', `Load ${before.toFixed(0)} → ${after.toFixed(0)} Ω`)
    },
    startRun(runId) {
      if (get().runId !== runId) set({ runId, items: [] })
    },
  }
})
