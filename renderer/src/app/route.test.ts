import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref } from './route'

describe('routes', () => {
  it.each([
    ['', { page: 'overview' }],
    ['#/charts', { page: 'charts' }],
    ['#/cell/12', { page: 'cell', cell: 12 }],
    ['#/cell/x', { page: 'overview' }],
    ['#/nowhere', { page: 'overview' }],
    ['#control', { page: 'control' }],
  ])('%s is %o', (hash, route) => expect(parseRoute(hash)).toEqual(route))

  it('round-trips through links', () => {
    expect(parseRoute(routeHref({ page: 'cell', cell: 3 }))).toEqual({ page: 'cell', cell: 3 })
  })
})
