import { BlockList, isIP } from 'node:net'

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is matched as the IPv4 address it is. */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  return mapped ? mapped[1]! : ip
}

/**
 * The key one client is counted under by rate limits and per-client quotas (docs/security.md "Rate
 * limits"): every loopback address is one client, since a local process can pick any of 127.0.0.0/8; an
 * IPv6 client is its /64, since one host can use a whole prefix; otherwise the address itself.
 */
export function clientKey(ip: string | undefined): string {
  const address = normalizeIp(ip ?? '')
  if (/^127\./.test(address) || address === '::1') return 'loopback'
  if (isIP(address) !== 6) return `ip:${address}`
  const groups = address.split('::')
  const head = groups[0]!.split(':').filter((group) => group !== '')
  const tail = groups.length > 1 ? groups[1]!.split(':').filter((group) => group !== '') : []
  const full = [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail]
  return `ip:${full.slice(0, 4).join(':')}::/64`
}

/** Parses "10.0.0.0/8", "fd00::/8" or a single address; undefined when it is not a valid CIDR. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [rawAddress, rawPrefix, ...rest] = text.trim().split('/')
  if (!rawAddress || rest.length > 0) return undefined
  const address = normalizeIp(rawAddress)
  const version = isIP(address)
  if (version === 0) return undefined
  const max = version === 4 ? 32 : 128
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return undefined
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix)
  if (prefix > max) return undefined
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

export type IpMatcher = (ip: string) => boolean

/** A matcher for a list of CIDRs (node's BlockList does the prefix arithmetic). Invalid entries throw. */
export function createIpMatcher(cidrs: readonly string[]): IpMatcher {
  const list = new BlockList()
  for (const text of cidrs) {
    const cidr = parseCidr(text)
    if (!cidr) throw new Error(`not an IP address or CIDR: "${text}"`)
    list.addSubnet(cidr.address, cidr.prefix, cidr.family)
  }
  // Memoised: every request asks about the same few client addresses, and BlockList.check allocates.
  const memo = new Map<string, boolean>()
  return (ip) => {
    let found = memo.get(ip)
    if (found === undefined) {
      const address = normalizeIp(ip)
      const version = isIP(address)
      found = version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6')
      if (memo.size >= 4096) memo.clear()
      memo.set(ip, found)
    }
    return found
  }
}
