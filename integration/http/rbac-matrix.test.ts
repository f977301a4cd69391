import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rolePermissions, roles, type Role } from '../../server/contract/access.js'
import { errorBodySchema } from '../../server/contract/errors.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import type { RouteRule } from '../../server/auth/access-guard.js'

type Route = { method: string; path: string; rule: RouteRule | null; hazardous: boolean }
type Caller = 'anonymous' | Role

let station: TestStation
let routes: Route[]
const tokens = new Map<Caller, string>()

beforeAll(async () => {
  // Generous limits: this test sends a few hundred requests from one address on purpose.
  station = await startTestStation({
    security: { rateLimit: { anonymous: 100_000, authenticated: 100_000, auth: 100_000 } },
  })
  const listed = await httpsRequest(station, '/api/v1/security/routes')
  expect(listed.status).toBe(200)
  routes = JSON.parse(listed.body) as Route[]
  for (const role of roles) {
    const created = await httpsRequest(station, '/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Hazardous tokens: this matrix is about permissions; the hazardous flag has its own test below.
      body: JSON.stringify({ name: `matrix-${role}`, role, hazardous: true }),
    })
    expect(created.status).toBe(201)
    tokens.set(role, (JSON.parse(created.body) as { token: string }).token)
  }
})
afterAll(() => station?.dispose())

/** What the table says a caller gets from a route's rule: 401, 403, or through the guard. */
function expected(rule: RouteRule, caller: Caller): 401 | 403 | 'allowed' {
  if (rule.kind === 'public') return 'allowed'
  if (caller === 'anonymous') return 401
  if (rule.kind === 'signed-in') return 'allowed'
  return rolePermissions[caller].includes(rule.permission) ? 'allowed' : 403
}

describe('RBAC: every route x every role and anonymous, over real TLS', () => {
  it('finds the API routes, and every one has an access rule', () => {
    expect(routes.length).toBeGreaterThan(30)
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/health',
        'POST /api/v1/auth/login',
        'GET /api/v1/simulation',
        'POST /api/v1/tokens',
        'GET /api/v1/security/audit',
      ]),
    )
    const unguarded = routes.filter((route) => route.rule === null).map((route) => `${route.method} ${route.path}`)
    expect(unguarded, 'routes without guard.require / guard.signedIn / guard.public').toEqual([])
  })

  it('answers 401 / 403 / through exactly as the role table says', async () => {
    const mismatches: string[] = []
    // Denials first, for every caller, then the allowed calls (which may change state) in a second pass.
    const calls = routes.flatMap((route) =>
      (['anonymous', ...roles] as Caller[]).map((caller) => ({ route, caller, want: expected(route.rule!, caller) })),
    )
    calls.sort((a, b) => Number(a.want === 'allowed') - Number(b.want === 'allowed'))
    for (const { route, caller, want } of calls) {
      const path = route.path.replace(/:[A-Za-z]+/g, 'nonexistent0')
      const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method)
      const token = tokens.get(caller)
      const res = await httpsRequest(station, path, {
        method: route.method,
        anonymous: caller === 'anonymous',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { body: '{}' } : {}),
      })
      expect(res.status, `${route.method} ${path} as ${caller}`).toBeLessThan(500)
      const got = res.status === 401 || res.status === 403 ? res.status : 'allowed'
      if (got !== want)
        mismatches.push(
          `${route.method} ${route.path} as ${caller}: expected ${want}, got ${res.status} ${res.body.slice(0, 120)}`,
        )
      if (typeof want === 'number')
        expect(errorBodySchema.parse(JSON.parse(res.body)).error.code).toBe(want === 401 ? 'unauthorized' : 'forbidden')
    }
    expect(mismatches).toEqual([])
  })

  it('refuses every hazardous route to a token not created for hazardous actions, whatever its role', async () => {
    const created = await httpsRequest(station, '/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'plain-admin', role: 'admin' }),
    })
    const { token } = JSON.parse(created.body) as { token: string }
    // The control lock may still be held by a token of the matrix above: free it, so the lock never answers first.
    expect((await httpsRequest(station, '/api/v1/control/break', { method: 'POST' })).status).toBeLessThan(300)
    const hazardous = routes.filter((route) => route.hazardous)
    expect(hazardous.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/tokens', 'POST /api/v1/users', 'POST /api/v1/simulation/stop']),
    )
    for (const route of hazardous) {
      const res = await httpsRequest(station, route.path.replace(/:[A-Za-z]+/g, 'nonexistent0'), {
        method: route.method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(route.method === 'DELETE' ? {} : { body: '{}' }),
      })
      expect(
        [res.status, errorBodySchema.parse(JSON.parse(res.body)).error.details],
        `${route.method} ${route.path}`,
      ).toEqual([403, { hazardousTokenRequired: true }])
    }
  })
})
