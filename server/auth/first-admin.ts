import { createHash, timingSafeEqual } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { AuditLog } from './audit.js'
import type { RequestMeta, SessionStore } from './sessions.js'
import { LOCAL_USER, openSession, type SignedIn } from './sign-in.js'
import type { RandomBytes } from './store-context.js'
import type { UserStore } from './users.js'

export type FirstAdminDeps = {
  users: Pick<UserStore, 'create' | 'findByName' | 'activeAdminCount' | 'setPassword' | 'list'>
  sessions: Pick<SessionStore, 'create' | 'csrfToken'>
  audit: Pick<AuditLog, 'record'>
  random: RandomBytes
  log: Logger
  /** Gets the one-time setup code: the entry point shows it once, on the operator's console (never the log). */
  announce: (code: string) => void
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

export type FirstAdmin = ReturnType<typeof createFirstAdmin>

/** The station's owners on first start: the local operator, then the first admin (from a password or a setup code). */
export function createFirstAdmin(deps: FirstAdminDeps) {
  const { users, audit } = deps
  // A hash of the one-time setup code, held only in memory while no admin exists.
  let setupCodeHash: Buffer | undefined

  const adminFromPassword = async (password: string) => {
    const admin = users.findByName('admin') ?? (await users.create({ username: 'admin', password, role: 'admin' }))
    if (users.activeAdminCount() === 0) await users.setPassword(admin.id, password)
    audit.record({
      actor: 'system',
      action: 'user.bootstrap-admin',
      target: 'admin',
      details: { source: 'MFC_ADMIN_PASSWORD' },
    })
    deps.log.info('first admin "admin" created from MFC_ADMIN_PASSWORD')
  }
  const offerSetupCode = () => {
    const code = deps.random(9).toString('base64url')
    setupCodeHash = sha256(code)
    // The one place a secret leaves the station, on purpose: the operator needs it once to create the first admin.
    deps.announce(code)
    deps.log.info('no admin account yet: a one-time setup code was shown on the console')
  }

  return {
    /** Creates the local operator once; while no admin exists, the admin from `adminPassword` or else a setup code. */
    async bootstrap(adminPassword: string | undefined): Promise<void> {
      if (!users.findByName(LOCAL_USER))
        await users.create({ username: LOCAL_USER, password: undefined, role: 'admin' })
      if (users.activeAdminCount() > 0) return
      if (adminPassword !== undefined) await adminFromPassword(adminPassword)
      else offerSetupCode()
    },

    /** Whether a setup code is waiting to be used. */
    pending: () => setupCodeHash !== undefined,

    /** The oldest enabled admin who can sign in with a password (the local operator has none), if any. */
    firstUser: (): string | undefined =>
      users
        .list()
        .filter((user) => user.role === 'admin' && !user.disabled && user.username !== LOCAL_USER)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0]?.username,

    /** Consumes the setup code and creates the first admin, signed in. */
    async setup(code: string, username: string, password: string, meta: RequestMeta): Promise<SignedIn> {
      if (!setupCodeHash || !timingSafeEqual(sha256(code), setupCodeHash)) {
        audit.record({ actor: 'anonymous', action: 'setup.failure', ip: meta.ip, outcome: 'denied' })
        throw new AppError('unauthorized', 'invalid or already used setup code')
      }
      setupCodeHash = undefined
      const user = await users.create({ username, password, role: 'admin' })
      audit.record({
        actor: username,
        action: 'user.bootstrap-admin',
        target: username,
        ip: meta.ip,
        details: { source: 'setup code' },
      })
      return openSession(deps.sessions, user, meta)
    },
  }
}
