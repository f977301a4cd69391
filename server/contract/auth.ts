import { z } from 'zod'
import { permissions, roleSchema, tokenScopes, tokenScopeSchema } from './access.js'

// Bounds on every field: a username or a token name is never an attack vector for memory or logs.
export const usernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
/** 10..1024 characters: long passphrases welcome, unbounded input to the hash is not. */
export const passwordSchema = z.string().min(10).max(1024)

export const loginRequestSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict()
export type LoginRequest = z.infer<typeof loginRequestSchema>

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof userSchema>

/** Who the caller is, as `GET /api/v1/auth/me` reports it. */
export const meSchema = z.object({
  kind: z.enum(['session', 'token']),
  name: z.string(),
  role: roleSchema.optional(),
  permissions: z.array(z.enum(permissions)),
  local: z.boolean(),
  user: userSchema.optional(),
  csrfToken: z.string().optional(),
  /** When the last password entry happened (ISO), for the re-authentication prompt. */
  reauthenticatedAt: z.string().optional(),
  /**
   * Until when (ISO) hazardous requests pass without a new password entry: the last entry plus the
   * station's `security.reauthMinutes`. Absent for tokens and the desktop's local session (never asked).
   */
  reauthExpiresAt: z.string().optional(),
  /** For a token: whether it may perform hazardous actions. */
  hazardous: z.boolean().optional(),
})
export type Me = z.infer<typeof meSchema>

/** `GET /api/v1/auth/session`: the signed-out probe, answered 200 whether or not the caller is signed in. */
export const sessionStatusSchema = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false) }),
  z.object({ signedIn: z.literal(true), me: meSchema }),
])
export type SessionStatus = z.infer<typeof sessionStatusSchema>

export const loginResponseSchema = z.object({ user: userSchema, csrfToken: z.string() })
export type LoginResponse = z.infer<typeof loginResponseSchema>

export const reauthRequestSchema = z.object({ password: z.string().min(1).max(1024) }).strict()
export const setupRequestSchema = z
  .object({ code: z.string().min(1).max(128), username: usernameSchema, password: passwordSchema })
  .strict()
export const setupStatusSchema = z.object({
  needed: z.boolean(),
  /** The first admin's user name, for the sign-in page; only on a station bound to loopback (docs/security.md). */
  firstUser: z.string().optional(),
})
export type SetupStatus = z.infer<typeof setupStatusSchema>

export const createUserRequestSchema = z
  .object({ username: usernameSchema, password: passwordSchema, role: roleSchema })
  .strict()
export const updateUserRequestSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() })
  .strict()
export const changePasswordRequestSchema = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema })
  .strict()

export const tokenNameSchema = z.string().trim().min(1).max(100)
export const createTokenRequestSchema = z
  .object({
    name: tokenNameSchema,
    role: roleSchema.optional(),
    scopes: z.array(tokenScopeSchema).min(1).max(tokenScopes.length).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    /** May perform hazardous actions (stop or reset a run, mint tokens, manage users, replace the certificate). */
    hazardous: z.boolean().optional(),
  })
  .strict()
  .refine((value) => (value.role === undefined) !== (value.scopes === undefined), {
    message: 'give exactly one of "role" or "scopes"',
    path: ['role'],
  })
export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>
export const createTokenResponseSchema = z.object({ id: z.string(), token: z.string() })

export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema.optional(),
  scopes: z.array(tokenScopeSchema).optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
  lastUsedIp: z.string().optional(),
  revokedAt: z.string().optional(),
  hazardous: z.boolean().optional(),
})
export type TokenInfo = z.infer<typeof tokenInfoSchema>

export const accessRequestCreateSchema = z.object({ name: tokenNameSchema }).strict()
export const accessRequestCreatedSchema = z.object({ id: z.string(), pollUrl: z.string() })
export const accessRequestPollSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('denied') }),
  z.object({ status: z.literal('approved'), token: z.string() }),
])
export type AccessRequestPoll = z.infer<typeof accessRequestPollSchema>
export const accessRequestInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  ip: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
})
export type AccessRequestInfo = z.infer<typeof accessRequestInfoSchema>
export const accessRequestApproveSchema = z.object({ role: roleSchema }).strict()

export const idParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/),
})
