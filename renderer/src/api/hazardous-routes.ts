/**
 * Requests the station answers with 403 `reauthRequired` unless a cookie session entered its password
 * within the last minutes (server `guard.recentAuth()`; README "Access and security"). The one list
 * the UI consults to ask for the password before sending such a request, not after a refusal.
 */
const hazardousRoutes: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/api\/v1\/simulation\/(stop|reset|faults)$/ },
  { method: 'POST', path: /^\/api\/v1\/tls\/(self-signed|import\/pem|import\/pfx|import\/files|acme\/order|restore)$/ },
  { method: 'POST', path: /^\/api\/v1\/users$/ },
  { method: 'PATCH', path: /^\/api\/v1\/users\/[^/]+$/ },
  { method: 'DELETE', path: /^\/api\/v1\/users\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/v1\/tokens$/ },
  { method: 'POST', path: /^\/api\/v1\/security\/ip-rules$/ },
]

/** Whether the station wants a fresh password entry before this request (query strings ignored). */
export function isHazardous(method: string, path: string): boolean {
  const bare = path.split('?')[0]!
  return hazardousRoutes.some((route) => route.method === method && route.path.test(bare))
}

/**
 * How long a password entry counts when the station does not say (`reauthExpiresAt` in `/auth/me`,
 * docs/api.md): the shortest window it can be configured to (`security.reauthMinutes` >= 1), so the
 * UI may ask once more than needed, never too late.
 */
export const ASSUMED_REAUTH_WINDOW_MS = 60_000
