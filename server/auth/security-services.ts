import type { StationConfig } from '../config/schema.js'
import type { SecurityStatus } from '../contract/security.js'
import type { HttpSecurity } from '../http/app.js'
import { createAccessGuard } from './guard.js'
import { stationHostNames } from '../config/host-names.js'
import type { Logger } from '../logger.js'
import { ensureSecret } from '../secrets/open-secret-store.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { Db } from '../store/database.js'
import { createAuthService, type AuthService } from './auth-service.js'
import { createIpMatcher } from '../config/cidr.js'
import { systemClock, type Clock } from '../clock.js'
import { systemRandom, type RandomBytes } from './store-context.js'
import type { PasswordHasher } from './passwords.js'

export type SecurityServicesDeps = {
  config: StationConfig
  db: Db
  secrets: SecretStore
  log: Logger
  /** Where the one-time setup code goes: the console (stderr) and the log. */
  print: (line: string) => void
  clock?: Clock
  random?: RandomBytes
  hasher?: PasswordHasher
}

export type SecurityServices = { auth: AuthService; http: HttpSecurity; close(): void }

/** Creates the session key and token pepper on first start (in the secret store only), then the auth service and HTTP guard. */
export async function createSecurityServices(deps: SecurityServicesDeps): Promise<SecurityServices> {
  const { config, log, secrets } = deps
  const clock = deps.clock ?? systemClock
  if (secrets.warning) deps.print(`SECURITY WARNING: ${secrets.warning}`)
  const auth = createAuthService({
    db: deps.db,
    clock,
    random: deps.random ?? systemRandom,
    config: config.security,
    log,
    signingKey: await ensureSecret(secrets, 'session-signing-key'),
    tokenPepper: await ensureSecret(secrets, 'token-pepper'),
    ...(deps.hasher ? { hasher: deps.hasher } : {}),
  })
  await auth.bootstrap((line) => {
    deps.print(line)
    log.info(line)
  })
  const status = (): SecurityStatus => ({
    secretsBackend: secrets.backend,
    ...(secrets.warning ? { secretsWarning: secrets.warning } : {}),
    setupPending: auth.setupPending(),
    trustProxy: config.security.trustProxy,
    allowedHosts: config.security.allowedHosts,
  })
  // Once a minute: sessions that went idle with a stream open are ended (and the stream closed with 1008).
  const sweep = clock.setInterval(() => auth.sessions.sweep(), 60_000)
  return {
    auth,
    close: () => clock.clearInterval(sweep),
    http: {
      auth,
      guard: createAccessGuard({
        controlLock: auth.controlLock,
        clock,
        reauthMs: config.security.reauthMinutes * 60_000,
      }),
      config: config.security,
      allowedHosts: stationHostNames(config.host, config.security.allowedHosts),
      trustedProxy: createIpMatcher(config.security.trustProxy),
      status,
      now: () => clock.now(),
    },
  }
}
