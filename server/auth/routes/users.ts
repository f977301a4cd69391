import { Router } from 'express'
import { createUserRequestSchema, idParamSchema, updateUserRequestSchema } from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import type { SessionStore } from '../sessions.js'
import { LOCAL_USER } from '../sign-in.js'
import type { UserStore } from '../users.js'

export type UsersRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'recentAuth'>
  users: Pick<UserStore, 'list' | 'get' | 'create' | 'update' | 'setPassword' | 'remove' | 'activeAdminCount'>
  sessions: Pick<SessionStore, 'revokeUser'>
  audit: Pick<AuditLog, 'record'>
}

/** `/api/v1/users` (admin): list, create, change role / disable / reset password, delete. */
export function createUsersRouter(deps: UsersRoutesDeps): Router {
  const { guard, users, sessions, audit } = deps
  const manage = guard.require('users:manage')
  const router = Router()

  const target = (id: string) => {
    const user = users.get(id)
    if (!user || user.username === LOCAL_USER) throw new AppError('not_found', 'no such user')
    return user
  }
  // The last enabled admin cannot be demoted, disabled or deleted: the station would have no owner.
  const keepsAnAdmin = (user: { role: string; disabled: boolean }) => {
    if (user.role === 'admin' && !user.disabled && users.activeAdminCount() <= 1)
      throw new AppError('conflict', 'this is the last admin; create another admin first')
  }

  router.get('/', manage, (_req, res) => {
    res.json(users.list())
  })

  router.post('/', manage, guard.recentAuth(), async (req, res) => {
    const body = parseBody(createUserRequestSchema, req)
    const user = await users.create(body)
    audit.record({
      actor: principalOf(res)!.name,
      action: 'user.create',
      target: user.username,
      ip: req.ip,
      details: { role: user.role },
    })
    res.locals['audited'] = true
    res.status(201).json(user)
  })

  router.patch('/:id', manage, guard.recentAuth(), async (req, res) => {
    const user = target(parseParams(idParamSchema, req).id)
    const change = parseBody(updateUserRequestSchema, req)
    if ((change.role !== undefined && change.role !== 'admin') || change.disabled === true) keepsAnAdmin(user)
    users.update(user.id, change)
    if (change.password !== undefined) await users.setPassword(user.id, change.password)
    // A role change, a disable or a reset password ends the user's sessions: new rights need a new sign-in.
    sessions.revokeUser(user.id)
    audit.record({
      actor: principalOf(res)!.name,
      action: 'user.update',
      target: user.username,
      ip: req.ip,
      details: {
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
        passwordReset: change.password !== undefined,
      },
    })
    res.locals['audited'] = true
    res.json(users.get(user.id))
  })

  router.delete('/:id', manage, guard.recentAuth(), (req, res) => {
    const user = target(parseParams(idParamSchema, req).id)
    keepsAnAdmin(user)
    sessions.revokeUser(user.id)
    users.remove(user.id)
    audit.record({ actor: principalOf(res)!.name, action: 'user.delete', target: user.username, ip: req.ip })
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
