import type { Router } from 'express'
import { z } from 'zod'
import { createUserRequestSchema, idParamSchema, updateUserRequestSchema, userSchema } from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import { describedRouter, describeRoutes } from '../route-description.js'
import type { SessionStore } from '../sessions.js'
import { LOCAL_USER } from '../sign-in.js'
import type { UserStore } from '../users.js'

export type UsersRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
  users: Pick<UserStore, 'list' | 'get' | 'create' | 'update' | 'setPassword' | 'remove' | 'activeAdminCount'>
  sessions: Pick<SessionStore, 'revokeUser'>
  audit: Pick<AuditLog, 'record'>
}

export const usersApi = describeRoutes({
  name: 'users',
  mount: '/users',
  tag: 'Users',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'Every user with a password (the built-in local operator is not listed)',
      access: 'users:manage',
      responses: { 200: z.array(userSchema) },
    },
    create: {
      method: 'post',
      path: '/',
      summary: 'Create a user',
      access: 'users:manage',
      reauth: true,
      body: createUserRequestSchema,
      responses: { 201: userSchema },
      errors: [409],
    },
    update: {
      method: 'patch',
      path: '/:id',
      summary: "Change a user's role, disable them or reset their password; their sessions end",
      description: 'The last enabled admin cannot be demoted or disabled (409).',
      access: 'users:manage',
      reauth: true,
      params: idParamSchema,
      body: updateUserRequestSchema,
      responses: { 200: userSchema },
      errors: [409],
    },
    remove: {
      method: 'delete',
      path: '/:id',
      summary: 'Delete a user; their sessions end',
      description: 'The last enabled admin cannot be deleted (409).',
      access: 'users:manage',
      reauth: true,
      params: idParamSchema,
      responses: { 204: { description: 'deleted' } },
      errors: [409],
    },
  },
})

/** `/api/v1/users` (admin): list, create, change role / disable / reset password, delete. */
export function createUsersRouter(deps: UsersRoutesDeps): Router {
  const { guard, users, sessions, audit } = deps

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

  return describedRouter(usersApi, guard, {
    list: (_req, res) => {
      res.json(users.list())
    },
    create: async (req, res) => {
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
    },
    update: async (req, res) => {
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
    },
    remove: (req, res) => {
      const user = target(parseParams(idParamSchema, req).id)
      keepsAnAdmin(user)
      sessions.revokeUser(user.id)
      users.remove(user.id)
      audit.record({ actor: principalOf(res)!.name, action: 'user.delete', target: user.username, ip: req.ip })
      res.locals['audited'] = true
      res.status(204).end()
    },
  })
}
