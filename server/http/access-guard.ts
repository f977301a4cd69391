import type { RequestHandler } from 'express'
import type { Permission } from '../contract/access.js'

/** Route factories receive this and put `guard.require(permission)` in front of every handler. */
export type AccessGuard = {
  require(permission: Permission): RequestHandler
}
