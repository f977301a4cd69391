import { describe, expect, it } from 'vitest'
import { isHazardous } from './hazardous-routes'

describe('hazardous routes', () => {
  it.each([
    ['POST', '/api/v1/simulation/stop', true],
    ['POST', '/api/v1/simulation/reset', true],
    ['POST', '/api/v1/simulation/faults', true],
    ['DELETE', '/api/v1/simulation/faults/3', false],
    ['POST', '/api/v1/simulation/pause', false],
    ['POST', '/api/v1/tls/import/pem', true],
    ['POST', '/api/v1/tls/renew', false],
    ['POST', '/api/v1/tls/backup', false],
    ['PATCH', '/api/v1/users/u1', true],
    ['POST', '/api/v1/tokens', true],
    ['DELETE', '/api/v1/tokens/t1', false],
    ['POST', '/api/v1/security/ip-rules', true],
    ['GET', '/api/v1/users', false],
  ])('%s %s: %s', (method, path, hazardous) => expect(isHazardous(method, path)).toBe(hazardous))
})
