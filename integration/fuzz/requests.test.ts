import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema } from '../../server/contract/errors.js'
import { call, signIn, type StationTarget } from '../../server/testing/station-client.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'
import { createGenerator, prng, type Credentials, type FuzzRequest } from './generator.js'

// 10,000 generated requests over every route of the route table against a real station process, as
// anonymous, viewer (token and cookie session), operator and admin callers (docs/testing.md "Fuzz"):
// never a 5xx, always the one error shape, no state change by a caller who may not make it, healthy after.
const SEED = 20261201
const PHASES = { unprivileged: 4000, operator: 3000, admin: 3000 }
const ADMIN_PASSWORD = 'fuzz suite admin password'
const unlimited = '1000000'
const env = {
  ...{
    MFC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MFC_RATE_LIMIT_ANONYMOUS: unlimited,
    MFC_RATE_LIMIT_AUTHENTICATED: unlimited,
  },
  ...{
    MFC_RATE_LIMIT_AUTH: unlimited,
    MFC_RATE_LIMIT_ACCESS_REQUESTS: unlimited,
    MFC_ACCESS_REQUESTS_PER_CLIENT: '50',
  },
}
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-fuzz-'))
let running: StationProcess | undefined
let admin: StationTarget
const callers: Record<'viewerToken' | 'operatorToken', string> = { viewerToken: '', operatorToken: '' }
let viewerSession: Credentials = {}
let routes: Array<{ method: string; path: string }> = []

async function createToken(session: Record<string, string>, body: object): Promise<string> {
  const res = await call(admin, '/api/v1/tokens', { method: 'POST', token: null, headers: session, body })
  if (res.status !== 201) throw new Error(`token: ${res.status} ${res.body}`)
  return (JSON.parse(res.body) as { token: string }).token
}
beforeAll(async () => {
  running = await startStationProcess({ dataDir, env, args: ['--secrets', 'file'] })
  const session = await signIn({ ...running, token: '' }, 'admin', ADMIN_PASSWORD)
  admin = { ...running, token: '' }
  admin.token = await createToken(session, { name: 'fuzz-admin', role: 'admin', hazardous: true })
  callers.viewerToken = await createToken(session, { name: 'fuzz-viewer', role: 'viewer' })
  callers.operatorToken = await createToken(session, { name: 'fuzz-operator', role: 'operator' })
  const viewer = { username: 'fuzz-viewer', password: 'viewer password 1', role: 'viewer' }
  expect((await call(admin, '/api/v1/users', { method: 'POST', body: viewer })).status).toBe(201)
  const viewerHeaders = await signIn(admin, viewer.username, viewer.password)
  viewerSession = { cookie: viewerHeaders.cookie, csrf: viewerHeaders['x-csrf-token'] }
  routes = (JSON.parse((await call(admin, '/api/v1/security/routes')).body) as typeof routes).map(
    ({ method, path }) => ({
      method,
      path,
    }),
  )
})
afterAll(async () => {
  await running?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** What unprivileged callers must never change (access requests are public by design; lockouts count failures). */
async function snapshot() {
  const read = async (path: string) => JSON.parse((await call(admin, path)).body) as unknown
  const tokens = (await read('/api/v1/tokens')) as Array<Record<string, unknown>>
  const tls = (await read('/api/v1/tls/status')) as { source: string; certificate: { fingerprint256: string } }
  const simulation = (await read('/api/v1/simulation')) as { state: string; runId: string }
  return {
    adminOwned: {
      users: await read('/api/v1/users'),
      tokens: tokens.map(({ id, role, scopes, hazardous, revokedAt }) => ({ id, role, scopes, hazardous, revokedAt })),
      ipRules: await read('/api/v1/security/ip-rules'),
      tls: { source: tls.source, fingerprint: tls.certificate.fingerprint256 },
    },
    operatorOwned: {
      config: await read('/api/v1/simulation/config'),
      control: await read('/api/v1/control'),
      simulation: { state: simulation.state, runId: simulation.runId },
    },
  }
}

type Outcome = { statuses: Map<number, number>; failures: string[]; unanswered: Map<string, number> }
async function fire(inputs: FuzzRequest[], outcome: Outcome): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: admin.certificatePem() })
  const send = (input: FuzzRequest) =>
    new Promise<void>((resolve) => {
      const req = request(
        new URL(input.path, admin.url),
        { method: input.method, headers: input.headers, agent, servername: 'localhost', timeout: 10_000 },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => {
            const status = res.statusCode ?? 0
            outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1)
            const shaped = input.method === 'HEAD' || status < 400 || errorBodySchema.safeParse(safeJson(body)).success
            if (status >= 500 || !shaped)
              outcome.failures.push(
                `${status} ${input.method} ${input.path} ${JSON.stringify(input.headers)} ${body.slice(0, 160)}`,
              )
            resolve()
          })
        },
      )
      // Requests node refuses to send (invalid header bytes) or the station drops count as sent, never as a 5xx.
      req.on('error', (error) => {
        outcome.unanswered.set(error.message, (outcome.unanswered.get(error.message) ?? 0) + 1)
        resolve()
      })
      req.on('timeout', () => req.destroy())
      req.end(input.body)
    })
  for (let i = 0; i < inputs.length; i += 16) await Promise.all(inputs.slice(i, i + 16).map(send))
  agent.destroy()
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

describe(`fuzz: ${PHASES.unprivileged + PHASES.operator + PHASES.admin} generated requests (seed ${SEED})`, () => {
  it('never answers 5xx, always in the one error shape, and no caller changes what it may not', async () => {
    const started = Date.now()
    const random = prng(SEED)
    const next = createGenerator(random, routes)
    // The admin does not replace the certificate: this client trusts exactly the one served.
    const adminRoutes = routes.filter((route) => !(route.path.startsWith('/api/v1/tls/') && route.method !== 'GET'))
    const nextAdmin = createGenerator(random, adminRoutes)
    const outcome: Outcome = { statuses: new Map(), failures: [], unanswered: new Map() }
    const before = await snapshot()

    const unprivileged: Credentials[] = [{}, { authorization: `Bearer ${callers.viewerToken}` }, viewerSession]
    await fire(
      Array.from({ length: PHASES.unprivileged }, (_v, i) => next(unprivileged[i % 3]!)),
      outcome,
    )
    expect(await snapshot()).toEqual(before)

    const operator = { authorization: `Bearer ${callers.operatorToken}` }
    await fire(
      Array.from({ length: PHASES.operator }, () => next(operator)),
      outcome,
    )
    expect((await snapshot()).adminOwned).toEqual(before.adminOwned)

    await fire(
      Array.from({ length: PHASES.admin }, () => nextAdmin({ authorization: `Bearer ${admin.token}` })),
      outcome,
    )
    expect(outcome.failures).toEqual([])
    const sent = [...outcome.statuses.values()].reduce((a, b) => a + b, 0)
    expect(sent).toBeGreaterThanOrEqual(9500)

    const health = JSON.parse((await call(admin, '/api/v1/health')).body) as { status: string; components: unknown[] }
    expect(health.status, JSON.stringify(health.components)).toBe('ok')
    expect(JSON.parse((await call(admin, '/api/v1/security/audit/verify')).body)).toMatchObject({ ok: true })
    console.info(
      `fuzz: ${sent} answers in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(outcome.statuses))}` +
        `, not answered ${JSON.stringify(Object.fromEntries(outcome.unanswered))}`,
    )
  }, 120_000)
})
