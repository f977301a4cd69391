/** Origins a browser may open the stream from: the station's own, under each name it answers to. */
export function stationOrigins(port: number, hostNames: readonly string[]): Set<string> {
  const origins = new Set<string>()
  for (const name of hostNames) {
    const host = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
    origins.add(port === 443 ? `https://${host}` : `https://${host}:${port}`)
  }
  return origins
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, so a present Origin must be
 * one of ours. Non-browser clients (instruments, scripts) send none.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true
  return allowed.has(origin.toLowerCase())
}
