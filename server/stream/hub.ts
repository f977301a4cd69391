import type { IncomingMessage, Server } from 'node:http'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import {
  STREAM_CLOSE_SLOW_CONSUMER,
  STREAM_MAX_CLIENT_MESSAGE_BYTES,
  STREAM_PROTOCOL_VERSION,
  type EventMessage,
  type TelemetryFrame,
  type TelemetrySource,
} from '../contract/stream.js'
import type { Logger } from '../logger.js'
import { createClientSession, encode, type ClientSession } from './client-session.js'
import { createConnectionCounter } from './connection-limits.js'
import { createHeartbeat } from './heartbeat.js'
import { createResumeRing } from './resume-ring.js'
import { createUpgradeHandler, POLICY_VIOLATION, type StreamAccess } from './upgrade.js'
import { projectFrame, type Subscription } from './subscription.js'

/** A text frame's payload as a string; ws hands over a Buffer, or its fragments as an array. */
const textOf = (data: RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8')
}

/** Bounds of the stream; the defaults suit a lab LAN (config `stream.*` overrides them). */
export type StreamLimits = {
  /** Unsent bytes a socket may hold before a client's messages wait in its own queue. */
  highWaterBytes: number
  /** A client's queue bound; beyond it older frames are conflated to the newest. */
  maxQueueBytes: number
  /** A client that stays congested (dropping frames) this long is disconnected (close 4000). */
  slowGraceMs: number
  maxConnectionsPerIp: number
  maxConnectionsPerKey: number
  /** Full frames kept for `resume` (600 = one minute at 10 Hz). */
  resumeFrames: number
}

export const defaultStreamLimits: StreamLimits = {
  highWaterBytes: 64 * 1024,
  maxQueueBytes: 512 * 1024,
  slowGraceMs: 10_000,
  maxConnectionsPerIp: 256,
  maxConnectionsPerKey: 256,
  resumeFrames: 600,
}

export type StreamHubOptions = {
  server: Server
  log: Logger
  serverVersion: string
  /** The station's telemetry source, announced in `hello`. */
  source: TelemetrySource
  allowedOrigins: () => ReadonlySet<string>
  /** Decides who may open the stream before any data frame (host, IP, cookie + Origin, or bearer token). */
  authorize?: (req: IncomingMessage) => StreamAccess
  limits?: Partial<StreamLimits>
  /** The client's address for per-address limits (behind a trusted proxy, from X-Forwarded-For); default the socket's. */
  clientIp?: (req: IncomingMessage) => string
  heartbeatMs?: number
  /** Monotonic-enough wall clock for congestion grace periods. */
  now?: () => number
}

export type { StreamAccess } from './upgrade.js'

/** Cumulative counters and current gauges, read by the metrics module. */
export type StreamStats = {
  clients: number
  framesBroadcast: number
  framesDropped: number
  /** Clients let go for not reading: dropping frames past the grace period, or no ping answered while sent data. */
  slowDisconnects: number
  /** Clients that were sent nothing and answered no ping within a heartbeat interval. */
  deadPeerDisconnects: number
  refusedConnections: number
  queuedBytes: number
}

export type StreamHub = {
  broadcast(message: TelemetryFrame | EventMessage): void
  clientCount(): number
  stats(): StreamStats
  /** Closes every stream opened with this credential key (policy violation, 1008). */
  disconnect(key: string, reason: string): void
  close(): Promise<void>
}

/** WebSocket close code 1001: the endpoint is going away (server shutdown). */
const GOING_AWAY = 1001

/** Wires one connected client's socket to its session: messages in, the hello out, cleanup on close. */
function serveClient(
  ws: WebSocket,
  session: ClientSession,
  deps: {
    log: Logger
    serverVersion: string
    source: TelemetrySource
    forget: () => void
    /** When the station started and its current run, for the hello (docs/stream-protocol.md). */
    startedAtMs: number
    runId: string | undefined
  },
): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary)
      return session.offerControl({ type: 'error', code: 'bad_message', message: 'messages are JSON text frames' })
    session.handleMessage(textOf(data))
  })
  ws.on('close', () => {
    session.queue.clear()
    deps.forget()
  })
  ws.on('error', (error) => deps.log.debug(`stream client error: ${error.message}`))
  session.offerControl({
    type: 'hello',
    protocol: STREAM_PROTOCOL_VERSION,
    serverVersion: deps.serverVersion,
    source: deps.source,
    startedAtMs: deps.startedAtMs,
    ...(deps.runId === undefined ? {} : { runId: deps.runId }),
  })
}

/** The ways the hub lets a client go, each counted: slow (4000, a second to flush the close) or dead. */
function departures(deps: {
  sessions: Map<WebSocket, ClientSession>
  counters: { slowDisconnects: number; deadPeerDisconnects: number }
  log: Logger
  graceMs: number
}) {
  const { sessions, counters } = deps
  const letGoSlow = (ws: WebSocket, reason: string) => {
    counters.slowDisconnects += 1
    deps.log.info(`stream: disconnecting slow client ${sessions.get(ws)?.ip ?? ''} (${reason})`)
    sessions.get(ws)?.queue.clear()
    sessions.delete(ws)
    // Its socket is full, so the close frame waits behind the backlog: cut it after a short try.
    ws.close(STREAM_CLOSE_SLOW_CONSUMER, reason)
    setTimeout(() => ws.terminate(), 1000).unref()
  }
  return {
    letGoSlow,
    letGoDead(ws: WebSocket) {
      counters.deadPeerDisconnects += 1
      sessions.delete(ws)
      ws.terminate()
    },
    /** False (and the client let go) once it has been dropping frames for longer than the grace period. */
    keepUp(ws: WebSocket, session: ClientSession, at: number): boolean {
      const since = session.queue.congestedSinceMs()
      if (since === undefined || at - since < deps.graceMs) return true
      letGoSlow(ws, 'too slow: frames were dropped for too long')
      return false
    },
  }
}

/** Shutdown: every client is told (1001); those that do not finish the closing handshake promptly are cut off. */
function closeAll(wss: WebSocketServer): Promise<void> {
  for (const ws of wss.clients) ws.close(GOING_AWAY, 'station shutting down')
  return new Promise((resolve) => {
    // Clients that do not finish the closing handshake promptly are cut off.
    const cutOff = setTimeout(() => {
      for (const ws of wss.clients) ws.terminate()
    }, 1000).unref()
    wss.close(() => {
      clearTimeout(cutOff)
      resolve()
    })
  })
}

/** Sends one telemetry frame to every client, serialised once per distinct projection. */
function frameBroadcaster(
  sessions: ReadonlyMap<WebSocket, ClientSession>,
  ring: ReturnType<typeof createResumeRing>,
  keepUp: (ws: WebSocket, session: ClientSession, at: number) => boolean,
  now: () => number,
) {
  return (frame: TelemetryFrame) => {
    const fullData = encode(frame)
    ring.push({ frame, data: fullData })
    const projected = new Map<string, Buffer>()
    const encoder = (subscription: Subscription): Buffer => {
      if (subscription.full) return fullData
      let data = projected.get(subscription.key)
      if (!data) projected.set(subscription.key, (data = encode(projectFrame(frame, subscription))))
      return data
    }
    const at = now()
    for (const [ws, session] of sessions) {
      if (ws.readyState !== ws.OPEN || !keepUp(ws, session, at)) continue
      session.offerFrame(frame, encoder)
    }
  }
}

/** Events go to every open client that subscribed to them, encoded once. */
function broadcastEvent(sessions: Map<WebSocket, ClientSession>, message: EventMessage): void {
  const data = encode(message)
  for (const [ws, session] of sessions) if (ws.readyState === ws.OPEN && session.wantsEvents()) session.offerEvent(data)
}

const queuedBytesOf = (sessions: Map<WebSocket, ClientSession>): number =>
  [...sessions.values()].reduce((sum, session) => sum + session.queue.queuedBytes(), 0)

/**
 * The WSS endpoint on the HTTPS server: upgrades on STREAM_PATHS only (Origin check, authorization,
 * connection limits), per-client subscriptions and bounded queues, a resume ring, and a heartbeat that
 * tells slow consumers (4000) from dead peers.
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const limits: StreamLimits = { ...defaultStreamLimits, ...options.limits }
  const now = options.now ?? Date.now
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: STREAM_MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false,
  })
  const sessions = new Map<WebSocket, ClientSession>()
  const keys = new WeakMap<WebSocket, string>()
  const ring = createResumeRing(limits.resumeFrames)
  // Told in every `hello`, so a client tells a restart (new start) and a new run from a reconnect.
  const startedAtMs = Date.now()
  let currentRunId: string | undefined
  const counters = {
    framesBroadcast: 0,
    framesDropped: 0,
    slowDisconnects: 0,
    deadPeerDisconnects: 0,
    refusedConnections: 0,
  }
  const onDrop = (frames: number) => (counters.framesDropped += frames)

  const { letGoSlow, letGoDead, keepUp } = departures({
    sessions,
    counters,
    log: options.log,
    graceMs: limits.slowGraceMs,
  })
  const heartbeat = createHeartbeat({ onSlow: letGoSlow, onDead: letGoDead })
  const onOpen = (ws: WebSocket, _req: IncomingMessage, identity: { ip: string; key: string }) => {
    keys.set(ws, identity.key)
    const session = createClientSession(ws, identity, { limits, now, onDrop, replay: ring.since })
    sessions.set(ws, session)
    heartbeat.track(ws, session)
    serveClient(ws, session, {
      log: options.log,
      serverVersion: options.serverVersion,
      source: options.source,
      forget: () => sessions.delete(ws),
      startedAtMs,
      runId: currentRunId,
    })
  }
  const onUpgrade = createUpgradeHandler({
    ...{ wss, log: options.log, allowedOrigins: options.allowedOrigins, authorize: options.authorize },
    ...{ clientIp: options.clientIp, onOpen, onRefused: () => (counters.refusedConnections += 1) },
    connections: createConnectionCounter({ perIp: limits.maxConnectionsPerIp, perKey: limits.maxConnectionsPerKey }),
  })
  options.server.on('upgrade', onUpgrade)
  const beat = setInterval(() => {
    const at = now()
    for (const [ws, session] of sessions) keepUp(ws, session, at)
    heartbeat.tick(sessions)
  }, options.heartbeatMs ?? 30_000)
  const broadcastFrame = frameBroadcaster(sessions, ring, keepUp, now)

  return {
    broadcast(message) {
      if (message.type === 'telemetry') {
        counters.framesBroadcast += 1
        currentRunId = message.runId
        return broadcastFrame(message)
      }
      if (message.event.kind === 'run-state') currentRunId = message.event.runId
      broadcastEvent(sessions, message)
    },
    clientCount: () => wss.clients.size,
    stats: () => ({ clients: wss.clients.size, queuedBytes: queuedBytesOf(sessions), ...counters }),
    disconnect(key, reason) {
      for (const ws of wss.clients) if (keys.get(ws) === key) ws.close(POLICY_VIOLATION, reason)
    },
    close() {
      clearInterval(beat)
      options.server.off('upgrade', onUpgrade)
      return closeAll(wss)
    },
  }
}
