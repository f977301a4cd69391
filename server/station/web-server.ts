import type { Server } from 'node:https'
import { stationOrigins } from '../stream/origin.js'

/** Loopback spelled for a URL: a wildcard bind is reached locally through 127.0.0.1 / ::1. */
export function localUrlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/** Stops accepting connections and drops the open ones (keep-alive sockets would hold close() forever). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/**
 * Origins a browser may open the stream from, once the port is bound: the station's own names, and the
 * public names of a reverse proxy in front (security.allowedHosts, with its port if not 443).
 */
export function streamOrigins(server: Server, bindHost: string, allowedHosts: readonly string[]) {
  let cached: { port: number; origins: ReadonlySet<string> } | undefined
  return (): ReadonlySet<string> => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    if (cached?.port !== port) {
      const own = stationOrigins(port, ['localhost', '127.0.0.1', '::1', bindHost])
      const proxied = allowedHosts.map((name) => `https://${name.toLowerCase()}`)
      cached = { port, origins: new Set([...own, ...proxied]) }
    }
    return cached.origins
  }
}
