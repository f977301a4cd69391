import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routeEntrySchema, type RouteEntryInfo } from '../../server/contract/security.js'
import {
  httpsRequest,
  startTestStation,
  TEST_ADMIN_PASSWORD,
  type TestStation,
} from '../../server/testing/station-fixture.js'

// The published document against what a real station serves: every route of the route table with its
// method, path and access rule, and nothing else (docs/api.md "OpenAPI").
type Operation = { 'x-access'?: string; operationId?: string }
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> }

let station: TestStation
let served: Document
let routes: RouteEntryInfo[]
beforeAll(async () => {
  station = await startTestStation()
  const document = await httpsRequest(station, '/api/v1/openapi.json', { anonymous: true })
  expect(document.status).toBe(200)
  served = JSON.parse(document.body) as Document
  const table = await httpsRequest(station, '/api/v1/security/routes')
  routes = routeEntrySchema.array().parse(JSON.parse(table.body))
})
afterAll(() => station.dispose())

const accessOf = (rule: RouteEntryInfo['rule']) =>
  rule === null ? 'no rule' : rule.kind === 'permission' ? rule.permission : rule.kind
const key = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`

describe('the OpenAPI document', () => {
  it('describes every route of the route table with its access rule, and no route that is not served', () => {
    const fromTable = new Map(routes.map((route) => [key(route.method, route.path), accessOf(route.rule)]))
    const fromDocument = new Map(
      Object.entries(served.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => [key(method, path), operation['x-access'] ?? 'none']),
      ),
    )
    const undocumented = [...fromTable.keys()].filter((route) => !fromDocument.has(route))
    const unserved = [...fromDocument.keys()].filter((route) => !fromTable.has(route))
    const differing = [...fromTable].filter(
      ([route, access]) => fromDocument.has(route) && fromDocument.get(route) !== access,
    )
    expect(undocumented, 'served but not in the document: describe them (server/station/api-description.ts)').toEqual(
      [],
    )
    expect(unserved, 'in the document but not served').toEqual([])
    expect(
      differing.map(([route, access]) => `${route}: served ${access}, documented ${fromDocument.get(route)}`),
    ).toEqual([])
    expect(fromTable.size).toBeGreaterThan(60)
  })

  it('is the published docs/openapi.json, OpenAPI 3.1, public, and holds no secret', async () => {
    const published = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Document
    expect(served).toEqual(published)
    expect(served.openapi).toBe('3.1.0')
    const text = JSON.stringify(served)
    for (const secret of [station.adminToken, TEST_ADMIN_PASSWORD]) expect(text).not.toContain(secret)
    const withToken = await httpsRequest(station, '/api/v1/openapi.json')
    expect(withToken.status).toBe(200)
    expect(JSON.parse(withToken.body)).toEqual(served)
  })
})
