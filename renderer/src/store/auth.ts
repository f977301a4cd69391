import { create } from 'zustand'
import type { Permission } from '../../../server/contract/access'
import type { Me } from '../../../server/contract/auth'
import { ApiError, describeError } from '../api/http-client'
import type { StationApi } from '../api/station-api'

/**
 * unknown: not asked yet (controls stay hidden: fail closed); open: the station has no access API,
 * so everything is allowed (it listens on localhost only); signed-in / signed-out: with the access API.
 */
export type AuthStatus = 'unknown' | 'open' | 'signed-in' | 'signed-out'

export type AuthState = {
  status: AuthStatus
  me: Me | undefined
  /** Signed out on a station that has no admin yet: the page offers first-run setup instead of sign-in. */
  setupNeeded: boolean
  /** The first admin's name when the station tells it (a station bound to loopback), for the sign-in page. */
  firstUser: string | undefined
  error: string | undefined
  load(): Promise<void>
  /** Signs in; resolves to the station's reason when refused. */
  login(username: string, password: string): Promise<string | undefined>
  /** Ends the session (which also hands back the control lock) and shows the sign-in page. */
  logout(): Promise<void>
  /** Creates the first admin with the code the station printed, signed in as that admin; the station's reason when refused. */
  setup(code: string, username: string, password: string): Promise<string | undefined>
  /** The user just confirmed their password (re-authentication): hazardous requests may go out without asking. */
  markReauthenticated(atMs: number): void
}

/** Who is using the page and what they may do. */
export function createAuthStore(api: Pick<StationApi, 'session' | 'login' | 'logout' | 'setupStatus' | 'setup'>) {
  const signedOut = async (): Promise<Partial<AuthState>> => {
    const setup = await api.setupStatus().catch(() => ({ needed: false, firstUser: undefined }))
    return {
      status: 'signed-out',
      me: undefined,
      error: undefined,
      setupNeeded: setup.needed,
      firstUser: setup.firstUser,
    }
  }
  return create<AuthState>((set, get) => ({
    status: 'unknown',
    me: undefined,
    setupNeeded: false,
    firstUser: undefined,
    error: undefined,
    async load() {
      try {
        const session = await api.session()
        if (session?.signedIn === false) set(await signedOut())
        else set({ status: session ? 'signed-in' : 'open', me: session?.me, error: undefined, setupNeeded: false })
      } catch (error) {
        // A station from before the session probe answers a stale cookie with 401 elsewhere too.
        if (error instanceof ApiError && error.status === 401) set(await signedOut())
        else set({ error: describeError(error) })
      }
    },
    async login(username, password) {
      try {
        await api.login(username, password)
      } catch (error) {
        return describeError(error)
      }
      await get().load()
      return undefined
    },
    async setup(code, username, password) {
      try {
        await api.setup(code, username, password)
      } catch (error) {
        return describeError(error)
      }
      await get().load()
      return undefined
    },
    async logout() {
      await api.logout().catch(() => undefined)
      set(await signedOut())
    },
    markReauthenticated(atMs) {
      const me = get().me
      if (!me) return
      const windowMs = reauthWindowMs(me)
      set({
        me: {
          ...me,
          reauthenticatedAt: new Date(atMs).toISOString(),
          ...(windowMs === undefined ? {} : { reauthExpiresAt: new Date(atMs + windowMs).toISOString() }),
        },
      })
    },
  }))
}

/** The station's re-authentication window as `/auth/me` reported it (expiry minus last entry), if it did. */
function reauthWindowMs(me: Me): number | undefined {
  if (me.reauthExpiresAt === undefined || me.reauthenticatedAt === undefined) return undefined
  return Date.parse(me.reauthExpiresAt) - Date.parse(me.reauthenticatedAt)
}

/**
 * Whether a hazardous request needs the password first: only cookie sessions of remote browsers
 * re-enter it (tokens and the desktop window have none), and only once the station's window
 * (`reauthExpiresAt`) has passed; `fallbackWindowMs` serves a station that does not report it.
 */
export function needsPasswordFirst(me: Me | undefined, nowMs: number, fallbackWindowMs: number): boolean {
  if (!me || me.kind !== 'session' || me.local) return false
  if (me.reauthExpiresAt !== undefined) return !(nowMs < Date.parse(me.reauthExpiresAt))
  const at = me.reauthenticatedAt === undefined ? Number.NaN : Date.parse(me.reauthenticatedAt)
  return !(nowMs - at < fallbackWindowMs)
}

/** The one question every guarded control asks: may this user do that? */
export const selectCan =
  (permission: Permission) =>
  (state: Pick<AuthState, 'status' | 'me'>): boolean =>
    state.status === 'open' || (state.status === 'signed-in' && (state.me?.permissions.includes(permission) ?? false))
