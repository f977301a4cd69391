import { hostname, networkInterfaces } from 'node:os'

/** The host part of a Host header, lower-case, without port or IPv6 brackets; undefined when malformed. */
export function hostOf(header: string | undefined): string | undefined {
  if (!header || header.length > 260) return undefined
  const value = header.trim().toLowerCase()
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(value)
  if (bracketed) return bracketed[1]
  const plain = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value)
  if (!plain) return undefined
  return plain[1]!.replace(/\.$/, '')
}

/**
 * DNS-rebinding protection: a page on evil.example whose name is re-pointed at 127.0.0.1 still sends
 * `Host: evil.example`. Only the names this station is known by pass: loopback names, the bind address,
 * this machine's name and (on a wildcard bind) its interface addresses, and configured names (a proxy's).
 */
export function stationHostNames(bindHost: string, configured: readonly string[]): Set<string> {
  const names = new Set([
    'localhost',
    '127.0.0.1',
    '::1',
    bindHost.toLowerCase(),
    hostname().toLowerCase(),
    ...configured.map((name) => hostOf(name) ?? name.toLowerCase()),
  ])
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase())
  }
  return names
}
