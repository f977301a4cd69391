import type { Registry } from 'prom-client'
import type { RecordingStatus } from '../contract/telemetry.js'
import type { StreamStats } from '../stream/hub.js'
import { gauge, mirroredCounter } from './collectors.js'

/** The live stream's clients, queues, drops and refusals. */
export function registerStreamMetrics(registry: Registry, sources: { stream: () => StreamStats }): void {
  gauge(registry, 'mfc_stream_clients', 'Open WSS stream connections', [], (g) => g.set(sources.stream().clients))
  gauge(registry, 'mfc_stream_queued_bytes', 'Bytes waiting in per-client stream queues', [], (g) =>
    g.set(sources.stream().queuedBytes),
  )
  mirroredCounter(
    registry,
    'mfc_stream_frames_broadcast_total',
    'Telemetry frames published to the stream',
    () => sources.stream().framesBroadcast,
  )
  mirroredCounter(
    registry,
    'mfc_stream_frames_dropped_total',
    'Frames conflated away for slow clients',
    () => sources.stream().framesDropped,
  )
  mirroredCounter(
    registry,
    'mfc_stream_slow_disconnects_total',
    'Clients disconnected for not reading: frames dropped past the grace period, or no ping answered while sent data',
    () => sources.stream().slowDisconnects,
  )
  mirroredCounter(
    registry,
    'mfc_stream_dead_peer_disconnects_total',
    'Clients that were sent nothing and answered no ping for a heartbeat interval',
    () => sources.stream().deadPeerDisconnects,
  )
  mirroredCounter(
    registry,
    'mfc_stream_refused_connections_total',
    'Stream connections refused by per-address or per-credential limits',
    () => sources.stream().refusedConnections,
  )
}

/** The recorder's commits, losses and failing state. */
export function registerRecorderMetrics(registry: Registry, sources: { recording: () => RecordingStatus }): void {
  mirroredCounter(
    registry,
    'mfc_recorder_frames_written_total',
    'Telemetry frames committed to the database',
    () => sources.recording().framesWritten,
  )
  mirroredCounter(
    registry,
    'mfc_recorder_frames_lost_total',
    'Frames dropped because the database refused writes for too long',
    () => sources.recording().framesLost,
  )
  gauge(registry, 'mfc_recorder_pending_frames', 'Frames waiting for the next commit', [], (g) =>
    g.set(sources.recording().pendingFrames),
  )
  gauge(registry, 'mfc_recorder_failing', 'Recording fails (disk full, read-only data dir): 1', [], (g) =>
    g.set(sources.recording().state === 'failing' ? 1 : 0),
  )
}
