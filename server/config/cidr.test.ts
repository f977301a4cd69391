import { describe, expect, it } from 'vitest'
import { createIpMatcher, parseCidr } from './cidr.js'

describe('CIDR matching with hostile input', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['192.168.1.7', '192.168.1.7', true],
    ['192.168.1.7', '192.168.1.8', false],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    ['::1/128', '::1', true],
    ['127.0.0.0/8', 'not-an-ip', false],
    ['127.0.0.0/8', '', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(createIpMatcher([cidr])(ip)).toBe(expected)
  })
  it.each(['10.0.0.0/33', '10.0.0/8', 'fd00::/129', '1.2.3.4/-1', '1.2.3.4/8/8', 'example.com', '1.2.3.4/ 8', ''])(
    'rejects %j',
    (text) => {
      expect(parseCidr(text)).toBeUndefined()
    },
  )
})
