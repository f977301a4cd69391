import type { RequestHandler } from 'express'
import type { Clock } from '../clock.js'
import { createIpMatcher, type IpMatcher } from '../config/cidr.js'
import { stationHostNames } from '../config/host-names.js'
import type { StationConfig } from '../config/schema.js'
import type { ComponentHealth } from '../contract/health.js'
import type { AuditAnchor, SecurityStatus } from '../contract/security.js'
import type { Logger } from '../logger.js'
import type { RouteMount, StationModule } from '../module.js'
import { ensureSecret } from '../secrets/open-secret-store.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { Db } from '../store/database.js'
import { storageRefusal } from '../store/storage-errors.js'
import type { Bookkeeping } from '../store/write-behind.js'
import type { WriteReports } from '../store/write-health.js'
import type { AccessGuard } from './access-guard.js'
import type { AuditLog } from './audit.js'
import { createAuditAnchor } from './audit-anchor.js'
import { registerEnvironmentToken } from './environment-token.js'
import { createFirstAdmin, type FirstAdmin } from './first-admin.js'
import { createAccessGuard } from './guard.js'
import type { IpRules } from './ip-rules.js'
import { createPasswordHasher, type PasswordHasher } from './passwords.js'
import { createPrincipalResolver, type Principal, type PrincipalResolver } from './principal.js'
import { createRevocationNotifier } from './revocation.js'
import { mountOf } from './route-description.js'
import { accessRequestsApi, createAccessRequestsRouter } from './routes/access-requests.js'
import { authApi, createAuthRouter } from './routes/auth.js'
import { controlApi, createControlRouter } from './routes/control.js'
import { createSecurityRouter, securityApi } from './routes/security.js'
import { createTokensRouter, tokensApi } from './routes/tokens.js'
import { createUsersRouter, usersApi } from './routes/users.js'
import { setupCodeNotice } from './setup-code-notice.js'
import { createSignIn, type SignIn } from './sign-in.js'
import { systemRandom, type RandomBytes } from './store-context.js'
import { createAuthStores, type AuthKeys, type AuthStores } from './stores.js'

export type AuthModuleDeps = {
  config: Pick<StationConfig, 'host' | 'security'>
  db: Db
  /** Where the stores defer their bookkeeping writes (token and session last use, lockout counters). */
  bookkeeping: Bookkeeping
  /** Told about writes the database refused, so the database is reported degraded. */
  writes: Pick<WriteReports, 'failed'>
  /** Holds the session signing key and the token pepper (created on first start). */
  secrets: SecretStore
  log: Logger
  clock: Clock
  random?: RandomBytes
  hasher?: PasswordHasher
  /** Lines the operator must see (secrets fallback warning; the setup code unless `onSetupCode`): the console. */
  print: (line: string) => void
  /** Takes the one-time setup code to show it once (default: a framed block through `print`). */
  onSetupCode?: (code: string) => void
  /** Transport's per-IP rate limits: password entry, and new access requests. */
  limits: { signIn: RequestHandler; accessRequests: RequestHandler }
}

/** The auth module: its routes, and the ports the composition root and the request chain use. */
export type AuthModule = Omit<StationModule, 'routes' | 'close'> & {
  readonly routes: readonly RouteMount[]
  /** The audit anchor: degraded when the log no longer reaches the head kept in the secret store. */
  health(): ComponentHealth[]
  /** Stops the session sweep and the revocation listeners, and saves the audit anchor. */
  close(): Promise<void>
  guard: AccessGuard
  principals: PrincipalResolver
  ipRules: Pick<IpRules, 'permits'>
  csrf: {
    /** Whether `token` is the CSRF token of this cookie-session principal. */
    csrfValid(principal: Principal, token: string): boolean
    /** Relative to /api/v1: sign-in ignores any existing session, so an old cookie never blocks a new login. */
    readonly exemptPaths: ReadonlySet<string>
  }
  audit: Pick<AuditLog, 'record'>
  /** A session cookie for the desktop window's local operator. */
  localSession(): { name: string; value: string }
  /** Called with "session:<id>" / "token:<id>" when a credential is revoked (streams close on it). */
  onRevoked(listener: (principalKey: string) => void): () => void
  status(): SecurityStatus
  /** The oldest enabled admin who signs in with a password; undefined while the setup code waits for the first admin. */
  firstUser(): string | undefined
  /** Decides whether a hop is a trusted reverse proxy (security.trustProxy). */
  trustedProxy: IpMatcher
  /** Host names the Host header may carry. */
  allowedHosts: ReadonlySet<string>
}

/** Binds where only this machine can reach the sign-in page, so naming the first admin there tells nobody new. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost'])
const SIGN_IN_PATHS: ReadonlySet<string> = new Set(['/auth/login', '/auth/setup'])
/** Sessions that went idle with a stream open are ended this often (and the stream closed with 1008). */
const SESSION_SWEEP_MS = 60_000

/** The keys live in the secret store only; the first start creates them. */
async function loadKeys(secrets: SecretStore): Promise<AuthKeys> {
  return {
    signingKey: await ensureSecret(secrets, 'session-signing-key'),
    tokenPepper: await ensureSecret(secrets, 'token-pepper'),
  }
}

type RouteParts = {
  stores: AuthStores
  anchor: () => AuditAnchor | undefined
  guard: AccessGuard
  signIn: SignIn
  firstAdmin: FirstAdmin
  status: () => SecurityStatus
  clock: Clock
  limits: AuthModuleDeps['limits']
  sessionMaxMs: number
  reauthMs: number
  nameFirstUser: boolean
}

/** The module's routes under /api/v1, each router with only the ports it uses. */
function authRoutes(parts: RouteParts): RouteMount[] {
  const { stores, guard, limits, signIn, firstAdmin, status, clock, sessionMaxMs, anchor } = parts
  const { reauthMs, nameFirstUser } = parts
  const { users, sessions, tokens, accessRequests, audit, lockout, ipRules, controlLock } = stores
  const signInLimit = limits.signIn
  return [
    mountOf(
      authApi,
      createAuthRouter({
        ...{ guard, signIn, firstAdmin, sessions, audit, sessionMaxMs, signInLimit },
        ...{ reauthMs, nameFirstUser },
      }),
    ),
    mountOf(usersApi, createUsersRouter({ guard, users, sessions, audit })),
    mountOf(tokensApi, createTokensRouter({ guard, tokens, audit, clock })),
    mountOf(
      accessRequestsApi,
      createAccessRequestsRouter({ guard, accessRequests, audit, createLimit: limits.accessRequests }),
    ),
    mountOf(securityApi, createSecurityRouter({ guard, audit, ipRules, sessions, lockout, status, anchor })),
    mountOf(controlApi, createControlRouter({ guard, controlLock, audit })),
  ]
}

/**
 * Users, sessions, tokens, access requests, lockout, IP rules, audit and the control lock
 * (docs/architecture-auth.md "The pieces"): creates the keys on first start, the local operator and
 * the first admin, and owns the idle-session sweep.
 */
export async function createAuthModule(deps: AuthModuleDeps): Promise<AuthModule> {
  const { config, log, secrets, clock } = deps
  const security = config.security
  const random = deps.random ?? systemRandom
  if (secrets.warning) deps.print(`SECURITY WARNING: ${secrets.warning}`)
  const context = { db: deps.db, bookkeeping: deps.bookkeeping, clock, random }
  const stores = createAuthStores(context, security, await loadKeys(secrets), deps.hasher ?? createPasswordHasher())
  const announce = deps.onSetupCode ?? ((code: string) => setupCodeNotice(code).forEach((line) => deps.print(line)))
  const firstAdmin = createFirstAdmin({ ...stores, random, log, announce })
  await firstAdmin.bootstrap(security.adminPassword)
  registerEnvironmentToken(stores.tokens, stores.audit, security.apiToken, security.apiTokenHazardous)
  const signIn = createSignIn(stores)
  const revocations = createRevocationNotifier(stores)
  const reauthMs = security.reauthMinutes * 60_000
  const guard = createAccessGuard({ controlLock: stores.controlLock, clock, reauthMs })
  const status = (): SecurityStatus => ({
    secretsBackend: secrets.backend,
    ...(secrets.warning ? { secretsWarning: secrets.warning } : {}),
    setupPending: firstAdmin.pending(),
    trustProxy: security.trustProxy,
    allowedHosts: security.allowedHosts,
  })
  const sessionMaxMs = security.sessionMaxHours * 3_600_000
  const sweep = clock.setInterval(() => stores.sessions.sweep(), SESSION_SWEEP_MS)
  const anchor = await createAuditAnchor({ secrets, audit: stores.audit, clock, log })
  const parts = {
    ...{ stores, guard, signIn, firstAdmin, status, clock, limits: deps.limits, sessionMaxMs, reauthMs },
    nameFirstUser: LOOPBACK_HOSTS.has(config.host),
  }
  return {
    name: 'auth',
    routes: authRoutes({ ...parts, anchor: anchor.current }),
    health: anchor.health,
    guard,
    principals: createPrincipalResolver({
      ...stores,
      unrecorded: (event, error) => {
        log.error(`audit entry not written (${storageRefusal(error)?.message}): ${JSON.stringify(event)}`)
        deps.writes.failed('audit', error)
      },
    }),
    ipRules: stores.ipRules,
    csrf: {
      csrfValid: (principal, token) =>
        principal.session !== undefined && stores.sessions.csrfValid(principal.session, token),
      exemptPaths: SIGN_IN_PATHS,
    },
    audit: stores.audit,
    localSession: signIn.localSession,
    onRevoked: revocations.onRevoked,
    status,
    firstUser: firstAdmin.firstUser,
    trustedProxy: createIpMatcher(security.trustProxy),
    allowedHosts: stationHostNames(config.host, security.allowedHosts),
    async close() {
      clock.clearInterval(sweep)
      revocations.close()
      await anchor.close()
    },
  }
}
