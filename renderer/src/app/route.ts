import { useSyncExternalStore } from 'react'

export const pages = [
  'overview',
  'charts',
  'polarization',
  'runs',
  'instruments',
  'control',
  'certificate',
  'security',
] as const
export type Page = (typeof pages)[number]
export type Route = { page: Page } | { page: 'cell'; cell: number }

/**
 * Routes live in the URL fragment: bookmarkable, survive a reload, and need no server-side routes
 * (the station serves one index.html). Anything unknown is the overview.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const cell = /^cell\/(\d{1,3})$/.exec(path)
  if (cell) return { page: 'cell', cell: Number(cell[1]) }
  return { page: (pages as readonly string[]).includes(path) ? (path as Page) : 'overview' }
}

/** The fragment of a route, for links. */
export function routeHref(route: Route): string {
  return route.page === 'cell' ? `#/cell/${route.cell}` : `#/${route.page}`
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
