/**
 * The request generator of the fuzz suite (docs/testing.md "Fuzz"): seeded, so a failure is reproduced
 * from its seed; every route of the station's route table plus path tricks, random methods, headers,
 * credentials and JSON shapes, mostly malformed.
 */

/** mulberry32: a small seeded generator with a full 2^32 period. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Paths no route serves, aimed at the parsers and the static files. */
const TRICK_PATHS = [
  '/',
  '/index.html',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/api/v1/%00',
  '/api/v1/users/%ff%fe',
  '/api/v1//users',
  '/api/v1/../v1/users',
  '/api/v2/health',
  '/metrics/../api/v1/tokens',
]

/** Hostile path parameters. */
const IDS = [
  '1',
  '0',
  '-1',
  'admin',
  '__proto__',
  'constructor',
  '%00',
  '..%2f..%2f',
  'a'.repeat(300),
  "' OR 1=1 --",
  'ip',
  '127.0.0.1',
  'local-account',
]

/** Keys of the station's request bodies (auth, users, tokens, rules, runs), never the simulation's physics. */
const KEYS = [
  'username',
  'password',
  'name',
  'role',
  'scopes',
  'expiresInDays',
  'hazardous',
  'action',
  'cidr',
  'note',
  'notes',
  'code',
  'currentPassword',
  'newPassword',
  'disabled',
  'kind',
  'limit',
  '__proto__',
  'constructor',
]

export type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string }
export type Credentials = { authorization?: string; cookie?: string; csrf?: string }

/** The pickers every part of the generator shares. */
function pickers(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const junk = (length: number) =>
    Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('')
  return { pick, junk }
}

/** Request bodies: broken JSON, hostile nesting, oversize, and random objects over the station's field names. */
function bodyMaker(random: () => number): () => string {
  const { pick, junk } = pickers(random)
  const value = (depth: number): unknown =>
    pick<() => unknown>([
      () =>
        pick([
          '',
          'x',
          'admin',
          'viewer',
          'operator',
          'allow',
          'deny',
          '0.0.0.0/0',
          '::/0',
          junk(12),
          'é'.repeat(70),
          '\u202e',
        ]),
      () => pick([0, -1, 1, 1e12, 1e-300, Number.MAX_SAFE_INTEGER, 3.5]),
      () => pick([true, false, null]),
      () => (depth > 2 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))),
      () => (depth > 2 ? {} : shape(depth + 1)),
    ])()
  const shape = (depth = 0): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(KEYS), value(depth)]))
  const bodies = [
    () => '{',
    () => '[]',
    () => 'null',
    () => '1e999999',
    () => junk(50),
    () => '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"role":"admin"}}}',
    () => '['.repeat(5000) + ']'.repeat(5000),
    () => JSON.stringify({ a: 'b'.repeat(150_000) }),
    () => '\u0000\u0001\u00ff',
    () => JSON.stringify(shape()),
    () => JSON.stringify(shape()),
    () => JSON.stringify(shape()),
  ]
  return () => pick(bodies)()
}

export function createGenerator(random: () => number, routes: ReadonlyArray<{ method: string; path: string }>) {
  const { pick, junk } = pickers(random)
  const body = bodyMaker(random)
  const pathOf = (): { method: string; path: string } => {
    if (random() < 0.1) return { method: pick(['GET', 'POST', 'DELETE']), path: pick(TRICK_PATHS) }
    const route = pick(routes)
    const path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(pick(IDS)).replace(/%25/g, '%'))
    // Mostly the route's own method (to reach validation), sometimes any other.
    return {
      method: random() < 0.75 ? route.method : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']),
      path,
    }
  }
  return (credentials: Credentials): FuzzRequest => {
    const { method, path: base } = pathOf()
    const query =
      random() < 0.3
        ? `?${pick(['limit', 'before', 'action', 'from', '__proto__', 'a[b][c]'])}=${encodeURIComponent(pick(['-1', '1e99', 'x', junk(10), '', '1&limit=2']))}`
        : ''
    const headers: Record<string, string> = {}
    const withBody = random() < 0.7 && method !== 'GET' && method !== 'HEAD'
    if (withBody)
      headers['content-type'] =
        random() < 0.8
          ? 'application/json'
          : pick(['application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', junk(8)])
    if (credentials.authorization && random() < 0.9) headers['authorization'] = credentials.authorization
    else if (random() < 0.2)
      headers['authorization'] = pick([
        'Bearer ',
        `Bearer mfc_${junk(43).replace(/\s/g, 'x')}`,
        'Basic YWRtaW46YWRtaW4=',
        `Bearer ${'a'.repeat(5000)}`,
      ])
    if (credentials.cookie && random() < 0.9) headers['cookie'] = credentials.cookie
    else if (random() < 0.2)
      headers['cookie'] = pick([`__Host-mfc_session=${junk(40).replace(/[;\s]/g, 'x')}`, '__Host-mfc_session=.', 'x=y'])
    if (credentials.csrf && random() < 0.8) headers['x-csrf-token'] = credentials.csrf
    if (random() < 0.1) headers['origin'] = pick(['https://evil.example', 'null'])
    if (random() < 0.1) headers['sec-fetch-site'] = pick(['cross-site', 'same-site', 'same-origin'])
    if (random() < 0.1) headers['x-forwarded-for'] = pick(['1.2.3.4', '::1', 'garbage', '1.2.3.4, 5.6.7.8'])
    if (random() < 0.03) headers['host'] = pick(['evil.example', 'localhost:1'])
    const text = withBody ? body() : undefined
    // Framed explicitly: node sends DELETE/OPTIONS bodies unframed, which is an HTTP-level error, not an API input.
    if (text !== undefined) headers['content-length'] = String(Buffer.byteLength(text))
    return { method, path: `${base}${query}`, headers, ...(text === undefined ? {} : { body: text }) }
  }
}
