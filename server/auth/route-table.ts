import type { Application } from 'express'
import { HAZARDOUS, ROUTE_RULE, type RouteRule, type RuleHandler } from './access-guard.js'

/** One route, its access rule, and whether it is hazardous (recentAuth: re-authentication or a hazardous token). */
export type RouteEntry = { method: string; path: string; rule: RouteRule | undefined; hazardous: boolean }

type Layer = {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: RuleHandler }> }
  handle: { stack?: Layer[] }
  matchers?: unknown
  rawPath?: unknown
  name: string
}

/**
 * Every route of the app with the access rule in front of it, found by walking express's router stack
 * (router 2.x keeps each mount path in `layer.rawPath`). The route x role test uses it, so a route
 * added without a guard rule fails the suite.
 */
export function listRoutes(app: Application): RouteEntry[] {
  const routes: RouteEntry[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const rule = layer.route.stack.map((entry) => entry.handle[ROUTE_RULE]).find((found) => found !== undefined)
        const hazardous = layer.route.stack.some((entry) => entry.handle[HAZARDOUS] === true)
        for (const method of Object.keys(layer.route.methods))
          routes.push({
            method: method.toUpperCase(),
            path: `${prefix}${layer.route.path === '/' && prefix !== '' ? '' : layer.route.path}`,
            rule,
            hazardous,
          })
      } else if (layer.name === 'router' && layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
        walk(layer.handle.stack, `${prefix}${mount}`)
      }
    }
  }
  const router = (app as unknown as { router: { stack: Layer[] } }).router
  walk(router.stack, '')
  return routes
}
