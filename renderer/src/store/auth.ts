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
  error: string | undefined
  load(): Promise<void>
  /** Signs in; resolves to the station's reason when refused. */
  login(username: string, password: string): Promise<string | undefined>
  /** Ends the session (which also hands back the control lock) and shows the sign-in page. */
  logout(): Promise<void>
}

/** Who is using the page and what they may do. */
export function createAuthStore(api: Pick<StationApi, 'me' | 'login' | 'logout'>) {
  return create<AuthState>((set, get) => ({
    status: 'unknown',
    me: undefined,
    error: undefined,
    async load() {
      try {
        const me = await api.me()
        set(me ? { status: 'signed-in', me, error: undefined } : { status: 'open', me: undefined, error: undefined })
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) set({ status: 'signed-out', me: undefined, error: undefined })
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
    async logout() {
      await api.logout().catch(() => undefined)
      set({ status: 'signed-out', me: undefined })
    },
  }))
}

/** The one question every guarded control asks: may this user do that? */
export const selectCan =
  (permission: Permission) =>
  (state: Pick<AuthState, 'status' | 'me'>): boolean =>
    state.status === 'open' || (state.status === 'signed-in' && (state.me?.permissions.includes(permission) ?? false))
