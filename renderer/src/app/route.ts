import { useSyncExternalStore } from 'react'

export const pages = [
  'overview',
  'alarms',
  'charts',
  'polarization',
  'twin',
  'analyses',
  'runs',
  'instruments',
  'procedures',
  'control',
  'certificate',
  'security',
] as const
export type Page = (typeof pages)[number]
export type Route = { page: Page } | { page: 'cell'; cell: number } | { page: 'history'; runId: string }

/**
 * Routes live in the URL fragment: bookmarkable, survive a reload, and need no server-side routes
 * (the station serves one index.html). Anything unknown is the overview.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const cell = /^cell\/(\d{1,4})$/.exec(path)
  if (cell) return { page: 'cell', cell: Number(cell[1]) }
  const history = /^history\/([\w.-]{1,64})$/.exec(path)
  if (history) return { page: 'history', runId: history[1]! }
  return { page: (pages as readonly string[]).includes(path) ? (path as Page) : 'overview' }
}

/** The fragment of a route, for links. */
export function routeHref(route: Route): string {
  if (route.page === 'cell') return `#/cell/${route.cell}`
  if (route.page === 'history') return `#/history/${route.runId}`
  return `#/${route.page}`
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}
