import { describe, expect, it } from 'vitest'
import { createIpMatcher } from '../../config/cidr.js'
import { hostOf, stationHostNames } from '../../config/host-names.js'
import { bearerOf, sessionCookieOf } from './authenticate.js'
import { clientIp } from './client-ip.js'
import { isAllowedHost } from './host-allowlist.js'

describe('Host header parsing against hostile input', () => {
  const allowed = stationHostNames('127.0.0.1', ['lab.example.org'])
  it.each([
    ['localhost', true],
    ['localhost:8443', true],
    ['LocalHost:8443', true],
    ['localhost.', true],
    ['127.0.0.1', true],
    ['[::1]:8443', true],
    ['lab.example.org', true],
    ['evil.example', false],
    ['localhost.evil.example', false],
    ['evil.example#localhost', false],
    ['localhost:8443@evil.example', false],
    ['localhost:99999999', false],
    ['[::1', false],
    ['::1', false],
    ['localhost evil', false],
    ['', false],
    [undefined, false],
    ['a'.repeat(300), false],
  ])('%j allowed: %s', (host, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected)
  })
  it('strips port and brackets', () => {
    expect(hostOf('[FD00::1]:443')).toBe('fd00::1')
    expect(hostOf('Station.Local:8443')).toBe('station.local')
  })
})

describe('client IP behind proxies', () => {
  const proxy = createIpMatcher(['10.0.0.1', 'fd00::/8'])
  it.each([
    ['direct client, forged header ignored', '203.0.113.5', '1.2.3.4', '203.0.113.5'],
    ['through the proxy', '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['client prepends a forged hop: the rightmost untrusted wins', '10.0.0.1', '1.2.3.4, 198.51.100.7', '198.51.100.7'],
    ['two trusted proxies', '10.0.0.1', '198.51.100.7, fd00::2', '198.51.100.7'],
    ['mapped IPv4 socket address', '::ffff:10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['proxy without header', '10.0.0.1', undefined, '10.0.0.1'],
    ['empty header', '10.0.0.1', '', '10.0.0.1'],
  ])('%s', (_name, remote, forwarded, expected) => {
    expect(clientIp(remote, forwarded, proxy)).toBe(expected)
  })
})

describe('credential extraction', () => {
  it.each([
    ['Bearer mfc_abc', 'mfc_abc'],
    ['bearer mfc_abc', 'mfc_abc'],
    ['Bearer  mfc_abc ', 'mfc_abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic YWRtaW46YWRtaW4=', undefined],
  ])('Authorization %j -> %j', (header, token) => {
    expect(bearerOf(header)).toBe(token)
  })
  it('reads only our cookie', () => {
    expect(sessionCookieOf('a=1; __Host-mfc_session=abc.def; b=2', '__Host-mfc_session')).toBe('abc.def')
    expect(sessionCookieOf('mfc_session=abc.def', '__Host-mfc_session')).toBeUndefined()
    expect(sessionCookieOf(undefined, '__Host-mfc_session')).toBeUndefined()
  })
})

describe('fixed-window rate limiter', () => {
  it('counts per key, refuses over the limit, and starts a new window on time', async () => {
    const { createFixedWindowLimiter, ipKey } = await import('./rate-limits.js')
    let now = 1_000
    const limiter = createFixedWindowLimiter(60_000, () => now)
    expect([1, 2, 3].map(() => limiter.hit('a', 2).allowed)).toEqual([true, true, false])
    expect(limiter.hit('b', 2)).toEqual({ allowed: true, remaining: 1, resetMs: 60_000 })
    now += 59_000
    expect(limiter.hit('a', 2)).toMatchObject({ allowed: false, resetMs: 1_000 })
    now += 1_000
    expect(limiter.hit('a', 2)).toMatchObject({ allowed: true, remaining: 1, resetMs: 60_000 })
    // The clock set back by days: a new window at once, not a refusal until the clock catches up.
    limiter.hit('a', 2)
    expect(limiter.hit('a', 2).allowed).toBe(false)
    now -= 10 * 86_400_000
    expect(limiter.hit('a', 2)).toMatchObject({ allowed: true, resetMs: 60_000 })
    expect(ipKey('2001:db8:1:2:3:4:5:6')).toBe(ipKey('2001:db8:1:2:ffff::1'))
    expect(ipKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64')
    expect(ipKey('10.0.0.1')).toBe('ip:10.0.0.1')
    // A local process rotating through 127.0.0.0/8 is still one client.
    for (const local of ['127.0.0.1', '127.0.0.2', '127.200.3.4', '::1', '::ffff:127.0.0.9'])
      expect(ipKey(local)).toBe('loopback')
  })
})
