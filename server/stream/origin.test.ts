import { describe, expect, it } from 'vitest'
import { isAllowedOrigin, stationOrigins } from './origin.js'

const allowed = stationOrigins(8443, ['localhost', '127.0.0.1', '::1'])

describe('stream origin check', () => {
  it('lists the station origin under every local name', () => {
    expect([...allowed]).toEqual(['https://localhost:8443', 'https://127.0.0.1:8443', 'https://[::1]:8443'])
    expect([...stationOrigins(443, ['station.lab'])]).toEqual(['https://station.lab'])
  })

  it.each([
    ['https://127.0.0.1:8443', true],
    ['https://LOCALHOST:8443', true],
    ['https://[::1]:8443', true],
    [undefined, true], // instruments and scripts send no Origin
    ['https://evil.example', false],
    ['http://127.0.0.1:8443', false], // downgraded scheme
    ['https://127.0.0.1:8444', false], // another local service
    ['https://127.0.0.1:8443.evil.example', false],
    ['https://localhost.evil.example:8443', false],
    ['null', false], // sandboxed iframes and file: pages
    ['', false],
  ])('%s -> %s', (origin, expected) => {
    expect(isAllowedOrigin(origin, allowed)).toBe(expected)
  })
})
