import type { EventMessage, TelemetryFrame } from '../../../server/contract/stream'
import { connectStream } from '../api/stream-client'
import type { TimedEvent } from '../store/alarms'
import { stationEventKey } from '../store/event-log'
import { createFrameBatch } from './frame-batch'
import {
  readRecentEvents as fetchRecentEvents,
  useAlarms,
  useAnnotations,
  useInterlocks,
  useProcedures,
  useConnection,
  useEventLog,
  useSimulation,
  useTelemetry,
  useTls,
} from '../store'

/** Status also changes without events (speed, simulated time of an idle run): re-read it now and then. */
const STATUS_POLL_MS = 5000
/** Certificate days-left changes slowly; renewals are rare. */
const TLS_POLL_MS = 60_000

/**
 * Simulated time of a wall-clock instant of the current run, for events that carry only wall time
 * (docs/operator-ui.md "Charts"): back from the newest frame at the run's speed; undefined when
 * that cannot be known (no frame, "max" speed) or falls before the run.
 */
export function simTimeAt(wallMs: number, latest: TelemetryFrame | undefined, speed: number | 'max' | undefined) {
  if (!latest) return undefined
  if (wallMs >= latest.wallTimeMs) return latest.simTimeS
  if (typeof speed !== 'number' || latest.state !== 'running') return undefined
  const simTimeS = latest.simTimeS - ((latest.wallTimeMs - wallMs) / 1000) * speed
  return simTimeS >= 0 ? simTimeS : undefined
}

/** The alarm list takes a frame's events in one update, so a burst of alarms costs the page one render. */
const queueAlarmEvent = createFrameBatch<TimedEvent>((events) => useAlarms.getState().applyEvents(events))

/** One station event into every store that keeps it: the log, the alarm list, the chart marks. */
function takeEvent(message: EventMessage, live: boolean): void {
  const { event } = message
  if (event.kind === 'alarm') queueAlarmEvent({ event, atMs: message.wallTimeMs })
  useInterlocks.getState().applyEvent(event, message.wallTimeMs)
  useProcedures.getState().applyEvent(event, message.wallTimeMs, message.runId)
  useAnnotations.getState().addEvent(event, markTimeOf(message, live))
}

/**
 * Where an event's chart mark goes: its own run time when the station stamped it (none for another
 * run's event), else the alarm's sim time, else estimated from the newest frame.
 */
function markTimeOf(message: EventMessage, live: boolean): number | undefined {
  const { event } = message
  const latest = useTelemetry.getState().latest
  if (message.runId !== undefined && latest !== undefined && message.runId !== latest.runId) return undefined
  if (message.simTimeS !== undefined) return message.simTimeS
  if (event.kind === 'alarm' && event.simTimeS !== null) return event.simTimeS
  return live ? latest?.simTimeS : simTimeAt(message.wallTimeMs, latest, useSimulation.getState().status?.speed)
}

/** Reads the station's recent events (page open, reconnect, restart): the log merges what it lacks. */
async function readRecentEvents(): Promise<void> {
  const events = await fetchRecentEvents()
  const known = new Set(useEventLog.getState().entries.map((e) => e.key))
  useEventLog.getState().addStationEvents(events)
  for (const message of events) if (!known.has(stationEventKey(message))) takeEvent(message, false)
}

/** A new run (reset, restart): nothing of the old one may stay on screen as if it were this run's. */
function followRuns(): () => void {
  return useSimulation.subscribe((state, previous) => {
    const runId = state.status?.runId
    if (!runId || runId === previous.status?.runId) return
    if (previous.status === undefined && useTelemetry.getState().runId === undefined) return
    if (useTelemetry.getState().runId === runId) return
    useTelemetry.getState().startRun(runId)
    // The station clears the old run's alarms itself; an unacknowledged one stays listed as cleared.
    void useAlarms.getState().refresh()
    useAnnotations.getState().startRun(runId)
  })
}

/** The stream and the API feed the stores; components only read stores. Returns what stops them. */
export async function startFeeds(): Promise<() => void> {
  // Before the stream, so the log reads in time order: what happened before the page, then live events.
  await readRecentEvents()
  let wasLive = false
  const stream = connectStream({
    onHello: (hello) => {
      useConnection.getState().setServerVersion(hello.serverVersion)
      // A restarted station or a new run: the old run's values must not stay on screen until the status read.
      const current = useTelemetry.getState().runId
      if (hello.runId !== undefined && current !== undefined && hello.runId !== current) {
        useTelemetry.getState().startRun(hello.runId)
        useAnnotations.getState().startRun(hello.runId)
      }
    },
    onSource: (source) => useConnection.getState().setSource(source),
    onStatus: (status, detail) => {
      useConnection.getState().setStatus(status, detail)
      if (status !== 'live') return
      // After a reconnect the station may be a new process with a new run: read it and its events again.
      void useSimulation.getState().refresh()
      void useAlarms.getState().refresh()
      void useInterlocks.getState().refresh()
      if (wasLive) void readRecentEvents()
      wasLive = true
    },
    onFrame: (frame) => {
      const telemetry = useTelemetry.getState()
      useAnnotations.getState().observeFrame(telemetry.latest, frame)
      telemetry.append(frame, Date.now())
    },
    resumeFrom: () => {
      const latest = useTelemetry.getState().latest
      return latest && { runId: latest.runId, afterSeq: latest.seq }
    },
    onEvent: (message) => {
      useEventLog.getState().addStationEvents([message])
      takeEvent(message, true)
      if (message.event.kind !== 'alarm') void useSimulation.getState().refresh()
    },
  })
  const unfollow = followRuns()
  void useSimulation.getState().refresh()
  void useTls.getState().refresh()
  const timers = [
    setInterval(() => void useSimulation.getState().refresh(), STATUS_POLL_MS),
    setInterval(() => void useTls.getState().refresh(), TLS_POLL_MS),
  ]
  return () => {
    timers.forEach(clearInterval)
    unfollow()
    stream.close()
  }
}
