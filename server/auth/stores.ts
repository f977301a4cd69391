import { createIpMatcher } from '../config/cidr.js'
import type { SecurityConfig } from '../config/security-schema.js'
import { createAccessRequests } from './access-requests.js'
import { createAuditLog } from './audit.js'
import { createControlLock } from './control-lock.js'
import { createIpRules } from './ip-rules.js'
import { createLockout } from './lockout.js'
import type { PasswordHasher } from './passwords.js'
import { createSessionStore } from './sessions.js'
import type { StoreContext } from './store-context.js'
import { createTokenStore } from './tokens.js'
import { createUserStore } from './users.js'

/** The two keys the stores sign and hash with; they live in the SecretStore and nowhere else. */
export type AuthKeys = { signingKey: string; tokenPepper: string }

/** How long failed sign-ins are remembered by the lockout. */
const LOCKOUT_WINDOW_MS = 24 * 3_600_000
/** Pending access requests at most: a flood of requests cannot grow the table or the approval list. */
const MAX_PENDING_ACCESS_REQUESTS = 50

export type AuthStores = ReturnType<typeof createAuthStores>

/** Every auth store, each over its own tables, configured from the `security` section. */
export function createAuthStores(
  context: StoreContext,
  config: SecurityConfig,
  keys: AuthKeys,
  hasher: PasswordHasher,
) {
  const neverBan = createIpMatcher(config.neverBan)
  const tokens = createTokenStore(context, keys.tokenPepper)
  return {
    users: createUserStore(context, hasher),
    sessions: createSessionStore(context, {
      idleMs: config.sessionIdleMinutes * 60_000,
      absoluteMs: config.sessionMaxHours * 3_600_000,
      signingKey: keys.signingKey,
    }),
    tokens,
    accessRequests: createAccessRequests(context, tokens, {
      ttlMs: config.accessRequestMinutes * 60_000,
      maxPending: MAX_PENDING_ACCESS_REQUESTS,
      maxPendingPerClient: config.accessRequestsPerClient,
    }),
    audit: createAuditLog(context),
    lockout: createLockout(
      context,
      {
        accountMaxFailures: config.lockout.accountMaxFailures,
        ipMaxFailures: config.lockout.ipMaxFailures,
        baseLockMs: config.lockout.baseLockSeconds * 1000,
        maxLockMs: config.lockout.maxLockSeconds * 1000,
        windowMs: LOCKOUT_WINDOW_MS,
      },
      neverBan,
    ),
    ipRules: createIpRules(context, neverBan),
    controlLock: createControlLock(context.clock),
  }
}
