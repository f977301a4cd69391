import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { STREAM_PATH, STREAM_PROTOCOL_VERSION, type EventMessage, type ServerMessage, type TelemetryFrame } from '../contract/stream.js'
import type { Logger } from '../log/logger.js'
import { isAllowedOrigin } from './origin.js'

export type StreamHubOptions = {
  server: Server
  log: Logger
  serverVersion: string
  allowedOrigins: () => ReadonlySet<string>
  /** Decides who may open the stream before any data frame (host, IP, cookie + Origin, or bearer token). */
  authorize?: (req: IncomingMessage) => StreamAccess
  /** A client whose unsent bytes exceed this skips frames until it catches up. */
  maxBufferedBytes?: number
  heartbeatMs?: number
}

/**
 * reject: refused before the handshake (HTTP status); unauthenticated: the handshake completes and the
 * socket is closed at once with 1008 so a browser learns why; ok: `key` names the credential so that
 * revoking it closes the stream.
 */
export type StreamAccess = { outcome: 'reject'; status: number; reason: string } | { outcome: 'unauthenticated'; reason: string } | { outcome: 'ok'; key: string }

export type StreamHub = {
  broadcast(message: TelemetryFrame | EventMessage): void
  clientCount(): number
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

/** The WSS endpoint on the HTTPS server: upgrades on STREAM_PATH only, fan-out of telemetry frames. */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false })
  const alive = new WeakMap<WebSocket, boolean>()
  const keys = new WeakMap<WebSocket, string>()

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'https://station').pathname
    if (path !== STREAM_PATH) return rejectUpgrade(socket, 404, 'Not Found')
    if (!isAllowedOrigin(req.headers.origin, options.allowedOrigins())) {
      options.log.warn(`stream: refused upgrade from origin ${req.headers.origin}`)
      return rejectUpgrade(socket, 403, 'Forbidden')
    }
    const access: StreamAccess = options.authorize?.(req) ?? { outcome: 'ok', key: 'anonymous' }
    if (access.outcome === 'reject') return rejectUpgrade(socket, access.status, access.reason)
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (access.outcome === 'unauthenticated') return ws.close(POLICY_VIOLATION, access.reason)
      keys.set(ws, access.key)
      wss.emit('connection', ws, req)
    })
  }
  options.server.on('upgrade', onUpgrade)

  wss.on('connection', (ws) => {
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    ws.on('error', (error) => options.log.debug(`stream client error: ${error.message}`))
    const hello: ServerMessage = { type: 'hello', protocol: STREAM_PROTOCOL_VERSION, serverVersion: options.serverVersion }
    ws.send(JSON.stringify(hello))
  })

  // Dead-peer detection: a client that did not answer the previous ping is dropped.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, options.heartbeatMs ?? 30_000)

  return {
    broadcast(message) {
      // Serialised once for every client.
      const data = JSON.stringify(message)
      for (const ws of wss.clients) {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount <= maxBufferedBytes) ws.send(data)
      }
    },
    clientCount: () => wss.clients.size,
    disconnect(key, reason) {
      for (const ws of wss.clients) if (keys.get(ws) === key) ws.close(POLICY_VIOLATION, reason)
    },
    close() {
      clearInterval(heartbeat)
      options.server.off('upgrade', onUpgrade)
      for (const ws of wss.clients) ws.close(GOING_AWAY, 'station shutting down')
      return new Promise((resolve) => {
        wss.close(() => resolve())
        // Clients that do not finish the closing handshake promptly are cut off.
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate()
        }, 1000).unref()
      })
    },
  }
}
