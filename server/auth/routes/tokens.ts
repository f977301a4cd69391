import { z } from 'zod'
import type { Router } from 'express'
import type { Clock } from '../../clock.js'
import {
  createTokenRequestSchema,
  createTokenResponseSchema,
  idParamSchema,
  tokenInfoSchema,
} from '../../contract/auth.js'
import { AppError } from '../../errors.js'
import { parseBody, parseParams } from '../../validation.js'
import { principalOf, type AccessGuard } from '../access-guard.js'
import type { AuditLog } from '../audit.js'
import { describedRouter, describeRoutes } from '../route-description.js'
import type { TokenStore } from '../tokens.js'

const DAY_MS = 86_400_000

export type TokensRoutesDeps = {
  guard: Pick<AccessGuard, 'require' | 'signedIn' | 'public' | 'recentAuth'>
  tokens: Pick<TokenStore, 'list' | 'create' | 'revoke'>
  audit: Pick<AuditLog, 'record'>
  /** Expiry dates are counted from now. */
  clock: Pick<Clock, 'now'>
}

export const tokensApi = describeRoutes({
  name: 'tokens',
  mount: '/tokens',
  tag: 'API tokens',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'Every API token (never the secret): live, expired and revoked',
      access: 'tokens:manage',
      responses: { 200: z.array(tokenInfoSchema) },
    },
    create: {
      method: 'post',
      path: '/',
      summary: 'Create an API token with a role or scopes',
      description: 'The answer is the only time the token is shown.',
      access: 'tokens:manage',
      reauth: true,
      body: createTokenRequestSchema,
      responses: { 201: createTokenResponseSchema },
    },
    revoke: {
      method: 'delete',
      path: '/:id',
      summary: 'Revoke a token; its open streams close with 1008',
      access: 'tokens:manage',
      params: idParamSchema,
      responses: { 204: { description: 'revoked' } },
    },
  },
})

/** `/api/v1/tokens` (admin): create (the token is in this one response only), list, revoke. */
export function createTokensRouter(deps: TokensRoutesDeps): Router {
  const { guard, tokens, audit } = deps
  return describedRouter(tokensApi, guard, {
    list: (_req, res) => {
      res.json(tokens.list())
    },
    create: (req, res) => {
      const body = parseBody(createTokenRequestSchema, req)
      const actor = principalOf(res)!.name
      const { token, record } = tokens.create({
        name: body.name,
        ...(body.role ? { role: body.role } : {}),
        ...(body.scopes ? { scopes: body.scopes } : {}),
        ...(body.expiresInDays ? { expiresAt: deps.clock.now() + body.expiresInDays * DAY_MS } : {}),
        createdBy: actor,
        hazardous: body.hazardous ?? false,
      })
      audit.record({
        actor,
        action: 'token.create',
        target: record.id,
        ip: req.ip,
        details: {
          name: record.name,
          ...(record.role ? { role: record.role } : { scopes: record.scopes }),
          expiresInDays: body.expiresInDays ?? null,
          hazardous: record.hazardous,
        },
      })
      res.locals['audited'] = true
      res.status(201).set('Cache-Control', 'no-store').json({ id: record.id, token })
    },
    revoke: (req, res) => {
      const { id } = parseParams(idParamSchema, req)
      if (!tokens.revoke(id)) throw new AppError('not_found', 'no such live token')
      audit.record({ actor: principalOf(res)!.name, action: 'token.revoke', target: id, ip: req.ip })
      res.locals['audited'] = true
      res.status(204).end()
    },
  })
}
