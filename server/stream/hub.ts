import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import {
  STREAM_CLOSE_SLOW_CONSUMER,
  STREAM_MAX_CLIENT_MESSAGE_BYTES,
  STREAM_PATHS,
  STREAM_PROTOCOL_VERSION,
  type EventMessage,
  type TelemetryFrame,
  type TelemetrySource,
} from '../contract/stream.js'
import type { Logger } from '../logger.js'
import { createClientSession, encode, type ClientSession } from './client-session.js'
import { createConnectionCounter } from './connection-limits.js'
import { isAllowedOrigin } from './origin.js'
import { createResumeRing } from './resume-ring.js'
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

/**
 * reject: refused before the handshake (HTTP status); unauthenticated: the handshake completes and the
 * socket is closed at once with 1008 so a browser learns why; ok: `key` names the credential so that
 * revoking it closes the stream.
 */
export type StreamAccess =
  | { outcome: 'reject'; status: number; reason: string }
  | { outcome: 'unauthenticated'; reason: string }
  | { outcome: 'ok'; key: string }

/** Cumulative counters and current gauges, read by the metrics module. */
export type StreamStats = {
  clients: number
  framesBroadcast: number
  framesDropped: number
  slowDisconnects: number
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
/** WebSocket close code 1008: policy violation (RFC 6455 7.4.1): no or revoked credentials. */
const POLICY_VIOLATION = 1008

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/**
 * The WSS endpoint on the HTTPS server: upgrades on STREAM_PATHS only (Origin check, authorization,
 * connection limits), per-client subscriptions and bounded queues, a resume ring, heartbeat.
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
  const alive = new WeakMap<WebSocket, boolean>()
  const keys = new WeakMap<WebSocket, string>()
  const connections = createConnectionCounter({
    perIp: limits.maxConnectionsPerIp,
    perKey: limits.maxConnectionsPerKey,
  })
  const ring = createResumeRing(limits.resumeFrames)
  const counters = { framesBroadcast: 0, framesDropped: 0, slowDisconnects: 0, refusedConnections: 0 }
  const onDrop = (frames: number) => (counters.framesDropped += frames)

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'https://station').pathname
    if (!STREAM_PATHS.includes(path)) return rejectUpgrade(socket, 404, 'Not Found')
    if (!isAllowedOrigin(req.headers.origin, options.allowedOrigins())) {
      options.log.warn(`stream: refused upgrade from origin ${req.headers.origin}`)
      return rejectUpgrade(socket, 403, 'Forbidden')
    }
    const access: StreamAccess = options.authorize?.(req) ?? { outcome: 'ok', key: 'anonymous' }
    if (access.outcome === 'reject') return rejectUpgrade(socket, access.status, access.reason)
    const ip = options.clientIp?.(req) ?? req.socket.remoteAddress ?? 'unknown'
    if (access.outcome === 'ok') {
      const limited = connections.acquire(ip, access.key)
      if (limited !== 'ok') {
        counters.refusedConnections += 1
        options.log.warn(`stream: refused ${ip}: too many streams per ${limited === 'ip' ? 'address' : 'credential'}`)
        return rejectUpgrade(socket, 429, 'Too Many Requests')
      }
      // The TCP socket's close also covers a handshake that ws aborts (the callback below never runs then).
      socket.once('close', () => connections.release(ip, access.key))
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (access.outcome === 'unauthenticated') return ws.close(POLICY_VIOLATION, access.reason)
      keys.set(ws, access.key)
      wss.emit('connection', ws, req, ip)
    })
  }
  options.server.on('upgrade', onUpgrade)

  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, ip: string) => {
    const session = createClientSession(
      ws,
      { ip, key: keys.get(ws) ?? 'anonymous' },
      { limits, now, onDrop, replay: ring.since },
    )
    sessions.set(ws, session)
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    ws.on('message', (data, isBinary) => {
      if (isBinary)
        return session.offerControl({ type: 'error', code: 'bad_message', message: 'messages are JSON text frames' })
      session.handleMessage(textOf(data))
    })
    ws.on('close', () => {
      session.queue.clear()
      sessions.delete(ws)
    })
    ws.on('error', (error) => options.log.debug(`stream client error: ${error.message}`))
    session.offerControl({
      type: 'hello',
      protocol: STREAM_PROTOCOL_VERSION,
      serverVersion: options.serverVersion,
      source: options.source,
    })
  })

  /** A client that has been dropping frames for longer than the grace period is let go. */
  const dropIfTooSlow = (ws: WebSocket, session: ClientSession, at: number): boolean => {
    const since = session.queue.congestedSinceMs()
    if (since === undefined || at - since < limits.slowGraceMs) return false
    counters.slowDisconnects += 1
    options.log.info(`stream: disconnecting slow client ${session.ip} (congested ${Math.round((at - since) / 1000)} s)`)
    sessions.delete(ws)
    session.queue.clear()
    // Its socket is full, so a close frame would wait behind the backlog: cut it after a short try.
    ws.close(STREAM_CLOSE_SLOW_CONSUMER, 'too slow: frames were dropped for too long')
    setTimeout(() => ws.terminate(), 1000).unref()
    return true
  }

  // Dead-peer detection: a client that did not answer the previous ping is dropped.
  const heartbeat = setInterval(() => {
    const at = now()
    for (const ws of wss.clients) {
      const session = sessions.get(ws)
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      if (session && dropIfTooSlow(ws, session, at)) continue
      alive.set(ws, false)
      ws.ping()
    }
  }, options.heartbeatMs ?? 30_000)

  const broadcastFrame = (frame: TelemetryFrame) => {
    // Serialised once per distinct projection; most clients share the full frame's bytes.
    const fullData = encode(frame)
    ring.push({ frame, data: fullData })
    counters.framesBroadcast += 1
    const projected = new Map<string, Buffer>()
    const encoder = (subscription: Subscription): Buffer => {
      if (subscription.full) return fullData
      let data = projected.get(subscription.key)
      if (!data) projected.set(subscription.key, (data = encode(projectFrame(frame, subscription))))
      return data
    }
    const at = now()
    for (const [ws, session] of sessions) {
      if (ws.readyState !== ws.OPEN || dropIfTooSlow(ws, session, at)) continue
      session.offerFrame(frame, encoder)
    }
  }

  return {
    broadcast(message) {
      if (message.type === 'telemetry') return broadcastFrame(message)
      const data = encode(message)
      for (const [ws, session] of sessions)
        if (ws.readyState === ws.OPEN && session.wantsEvents()) session.queue.offer(data, false)
    },
    clientCount: () => wss.clients.size,
    stats() {
      let queuedBytes = 0
      for (const session of sessions.values()) queuedBytes += session.queue.queuedBytes()
      return { clients: wss.clients.size, queuedBytes, ...counters }
    },
    disconnect(key, reason) {
      for (const ws of wss.clients) if (keys.get(ws) === key) ws.close(POLICY_VIOLATION, reason)
    },
    close() {
      clearInterval(heartbeat)
      options.server.off('upgrade', onUpgrade)
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
    },
  }
}
