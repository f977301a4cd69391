export type ConnectionLimits = { perIp: number; perKey: number }

/**
 * Open streams per client address and per credential (token or session), so one instrument or one
 * address cannot take every socket. acquire() either counts the connection or says which limit hit.
 */
export function createConnectionCounter(limits: ConnectionLimits) {
  const byIp = new Map<string, number>()
  const byKey = new Map<string, number>()
  const decrement = (map: Map<string, number>, name: string) => {
    const next = (map.get(name) ?? 0) - 1
    if (next > 0) map.set(name, next)
    else map.delete(name)
  }
  return {
    acquire(ip: string, key: string): 'ok' | 'ip' | 'key' {
      if ((byIp.get(ip) ?? 0) >= limits.perIp) return 'ip'
      if ((byKey.get(key) ?? 0) >= limits.perKey) return 'key'
      byIp.set(ip, (byIp.get(ip) ?? 0) + 1)
      byKey.set(key, (byKey.get(key) ?? 0) + 1)
      return 'ok'
    },
    release(ip: string, key: string): void {
      decrement(byIp, ip)
      decrement(byKey, key)
    },
  }
}
