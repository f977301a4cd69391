import type { ControlLock } from '../contract/security.js'
import { AppError } from '../errors.js'
import type { Clock } from '../clock.js'
import { iso } from './store-context.js'
import type { Principal } from './principal.js'

type Holder = { key: string; name: string; kind: Principal['kind']; since: number }

export type ControlLockService = ReturnType<typeof createControlLock>

/**
 * Exclusive control of the simulation: at most one credential (session or token) holds it; others
 * see who and since when, may ask for it, and an admin may break it. Reads never need it. In memory
 * on purpose: a restart ends every hold, as it ends the run being controlled.
 */
export function createControlLock(clock: Pick<Clock, 'now'>) {
  let holder: Holder | undefined
  let requests: Array<{ key: string; name: string; at: number }> = []
  return {
    state(principal: Principal | undefined): ControlLock {
      return {
        ...(holder ? { holder: { name: holder.name, kind: holder.kind, since: iso(holder.since) } } : {}),
        mine: holder !== undefined && holder.key === principal?.key,
        requests: requests.map((request) => ({ name: request.name, at: iso(request.at) })),
      }
    },
    acquire(principal: Principal): void {
      if (holder && holder.key !== principal.key)
        throw new AppError('conflict', `control is held by ${holder.name} since ${iso(holder.since)}`, {
          holder: holder.name,
        })
      holder ??= { key: principal.key, name: principal.name, kind: principal.kind, since: clock.now() }
      requests = requests.filter((request) => request.key !== principal.key)
    },
    release(principal: Principal): void {
      if (holder?.key !== principal.key) throw new AppError('conflict', 'you do not hold control')
      holder = undefined
    },
    /** Asks the holder to hand over; shown to everyone on the control state. */
    request(principal: Principal): void {
      if (holder?.key === principal.key) return
      if (!requests.some((request) => request.key === principal.key))
        requests = [...requests.slice(-9), { key: principal.key, name: principal.name, at: clock.now() }]
    },
    /** Admin override; returns who lost control. */
    break(): string | undefined {
      const previous = holder?.name
      holder = undefined
      return previous
    },
    /** Ends a hold when its credential is revoked (logout, token revocation). */
    forget(key: string): void {
      if (holder?.key === key) holder = undefined
      requests = requests.filter((request) => request.key !== key)
    },
    /** Throws 409 unless the principal holds control (or nobody does, in which case it takes it). */
    ensureHeldBy(principal: Principal): void {
      if (!holder) holder = { key: principal.key, name: principal.name, kind: principal.kind, since: clock.now() }
      else if (holder.key !== principal.key)
        throw new AppError(
          'conflict',
          `control is held by ${holder.name}; request it or ask an admin to break the lock`,
          { holder: holder.name },
        )
    },
  }
}
