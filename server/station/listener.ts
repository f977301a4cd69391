import type { Server } from 'node:https'
import { guardConnections } from '../http/connection-guard.js'
import { connectionCapacity } from '../http/descriptor-limit.js'
import type { Core } from './build-modules.js'
import type { StationContext } from './context.js'

/**
 * The station's HTTPS server with every connection limit of the `http` section applied
 * (docs/security.md "Limits"): the deadlines at creation, the per-address and total caps and the
 * counting around it. A total the descriptor limit cannot hold is lowered, and the operator told.
 */
export function createListener(context: StationContext, core: Pick<Core, 'tls' | 'auth'>) {
  const { http } = context.config
  const capacity = connectionCapacity(http.maxConnections)
  if (capacity.warning) {
    context.print(`WARNING: ${capacity.warning}`)
    context.log.warn(capacity.warning)
  }
  // Renewals and imports are hot-swapped into this server by the tls module.
  const server: Server = core.tls.createServer(undefined, {
    handshakeTimeoutMs: http.handshakeTimeoutSeconds * 1000,
    headersTimeoutMs: http.headersTimeoutSeconds * 1000,
    requestTimeoutMs: http.requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: http.keepAliveTimeoutSeconds * 1000,
  })
  const connections = guardConnections(server, {
    limits: {
      maxConnections: capacity.maxConnections,
      maxConnectionsPerIp: http.maxConnectionsPerIp,
      idleTimeoutMs: http.idleTimeoutSeconds * 1000,
    },
    trustedProxy: core.auth.trustedProxy,
    clock: context.clock,
  })
  return { server, connections }
}
