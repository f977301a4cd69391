import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, WebSocketServer } from 'ws'
import { STREAM_PATHS } from '../contract/stream.js'
import type { Logger } from '../logger.js'
import type { createConnectionCounter } from './connection-limits.js'
import { isAllowedOrigin } from './origin.js'

/**
 * reject: refused before the handshake (HTTP status); unauthenticated: the handshake completes and the
 * socket is closed at once with 1008 so a browser learns why; ok: `key` names the credential so that
 * revoking it closes the stream.
 */
export type StreamAccess =
  | { outcome: 'reject'; status: number; reason: string }
  | { outcome: 'unauthenticated'; reason: string }
  | { outcome: 'ok'; key: string }

/** WebSocket close code 1008: policy violation (RFC 6455 7.4.1): no or revoked credentials. */
export const POLICY_VIOLATION = 1008

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/**
 * The server's 'upgrade' handler: STREAM_PATHS only (/api/v1/stream, and / as the reference system had it), an allowed Origin, authorization, the per-address
 * and per-credential limits, then the WebSocket handshake. Nothing in it may take the process down: an
 * authorization that throws (a refusing database under a credential lookup) is a 503.
 */
export function createUpgradeHandler(deps: {
  wss: WebSocketServer
  log: Logger
  allowedOrigins: () => ReadonlySet<string>
  authorize?: ((req: IncomingMessage) => StreamAccess) | undefined
  clientIp?: ((req: IncomingMessage) => string) | undefined
  connections: ReturnType<typeof createConnectionCounter>
  onRefused: () => void
  onOpen: (ws: WebSocket, req: IncomingMessage, identity: { ip: string; key: string }) => void
}) {
  const authorize = (req: IncomingMessage): StreamAccess => {
    try {
      return deps.authorize?.(req) ?? { outcome: 'ok', key: 'anonymous' }
    } catch (error) {
      deps.log.error(`stream: refused an upgrade, authorization failed: ${(error as Error).message}`)
      return { outcome: 'reject', status: 503, reason: 'Service Unavailable' }
    }
  }
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'https://station').pathname
    if (!STREAM_PATHS.includes(path)) return rejectUpgrade(socket, 404, 'Not Found')
    if (!isAllowedOrigin(req.headers.origin, deps.allowedOrigins())) {
      deps.log.warn(`stream: refused upgrade from origin ${req.headers.origin}`)
      return rejectUpgrade(socket, 403, 'Forbidden')
    }
    const access = authorize(req)
    if (access.outcome === 'reject') return rejectUpgrade(socket, access.status, access.reason)
    const ip = deps.clientIp?.(req) ?? req.socket.remoteAddress ?? 'unknown'
    if (access.outcome === 'ok') {
      const limited = deps.connections.acquire(ip, access.key)
      if (limited !== 'ok') {
        deps.onRefused()
        deps.log.warn(`stream: refused ${ip}: too many streams per ${limited === 'ip' ? 'address' : 'credential'}`)
        return rejectUpgrade(socket, 429, 'Too Many Requests')
      }
      // The TCP socket's close also covers a handshake that ws aborts (the callback below never runs then).
      socket.once('close', () => deps.connections.release(ip, access.key))
    }
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      if (access.outcome === 'unauthenticated') return ws.close(POLICY_VIOLATION, access.reason)
      deps.onOpen(ws, req, { ip, key: access.key })
    })
  }
}
