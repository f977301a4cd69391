import type { Socket } from 'node:net'
import type { Server } from 'node:https'
import type { Clock } from '../clock.js'
import { normalizeIp } from '../config/cidr.js'
import type { ComponentHealth } from '../contract/health.js'

export type ConnectionLimits = {
  /** Open connections in total (already capped below the descriptor limit, see connectionCapacity). */
  maxConnections: number
  maxConnectionsPerIp: number
  /** No bytes either way for this long closes a connection. */
  idleTimeoutMs: number
}

/** Cumulative counts of every connection the guard refused or cut, for metrics and health. */
export type ConnectionStats = {
  open: number
  maxConnections: number
  refused: { perAddress: number; capacity: number }
  closed: { handshakeTimeout: number; idleTimeout: number; headersTimeout: number; bodyTimeout: number }
}

/** How long after the last refusal for capacity health still says so. */
const CAPACITY_MEMORY_MS = 60_000

/** Node's own answers to a client error (lib/_http_server.js), written when nothing was sent yet. */
const ANSWERS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  default: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
}

type ServerMessage = { headersSent?: boolean }

/**
 * Bounds what one connection and one address may hold on the HTTPS server (docs/security.md "Limits"):
 * a per-address cap checked on the raw TCP connection before any TLS work (trusted proxies count only in
 * the total), a total cap below the descriptor limit, an idle deadline, and the counting of every
 * deadline Node enforces (TLS handshake, headers, whole request), so each hostile pattern shows in
 * metrics. Health says when connections were refused for capacity within the last minute.
 */
export function guardConnections(
  server: Server,
  deps: { limits: ConnectionLimits; trustedProxy: (ip: string) => boolean; clock: Pick<Clock, 'now'> },
) {
  const { limits, clock } = deps
  const byAddress = new Map<string, number>()
  const inRequest = new WeakSet<Socket>()
  const stats: ConnectionStats = {
    open: 0,
    maxConnections: limits.maxConnections,
    refused: { perAddress: 0, capacity: 0 },
    closed: { handshakeTimeout: 0, idleTimeout: 0, headersTimeout: 0, bodyTimeout: 0 },
  }
  let lastCapacityRefusal: number | undefined
  server.maxConnections = limits.maxConnections
  server.timeout = limits.idleTimeoutMs

  server.prependListener('connection', (socket: Socket) => {
    const address = normalizeIp(socket.remoteAddress ?? '')
    const held = byAddress.get(address) ?? 0
    if (!deps.trustedProxy(address) && held >= limits.maxConnectionsPerIp) {
      stats.refused.perAddress += 1
      socket.destroy()
      return
    }
    byAddress.set(address, held + 1)
    stats.open += 1
    socket.once('close', () => {
      stats.open -= 1
      const left = (byAddress.get(address) ?? 1) - 1
      if (left > 0) byAddress.set(address, left)
      else byAddress.delete(address)
    })
  })
  server.on('drop', () => {
    stats.refused.capacity += 1
    lastCapacityRefusal = clock.now()
  })
  server.on('request', (req, res) => {
    inRequest.add(req.socket)
    res.once('close', () => inRequest.delete(req.socket))
  })
  server.on('timeout', (socket: Socket) => {
    stats.closed.idleTimeout += 1
    socket.destroy()
  })
  server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') stats.closed.handshakeTimeout += 1
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      if (inRequest.has(socket)) stats.closed.bodyTimeout += 1
      else stats.closed.headersTimeout += 1
    }
    const message = (socket as Socket & { _httpMessage?: ServerMessage })._httpMessage
    if (socket.writable && !message?.headersSent) socket.write(ANSWERS[error.code ?? ''] ?? ANSWERS['default']!)
    socket.destroy(error)
  })

  return {
    stats: (): ConnectionStats => ({ ...stats, refused: { ...stats.refused }, closed: { ...stats.closed } }),
    health(): ComponentHealth[] {
      const recent = lastCapacityRefusal !== undefined && clock.now() - lastCapacityRefusal < CAPACITY_MEMORY_MS
      const lastError = recent
        ? `refused ${stats.refused.capacity} connections for capacity (at most ${limits.maxConnections} open; ` +
          'raise http.maxConnections and the descriptor limit, or find who holds them)'
        : null
      return [{ name: 'connections', state: 'up', up: !recent, uptimeSeconds: 0, restarts: 0, lastError }]
    },
  }
}
