import { z } from 'zod'
import type { Role } from '../../../server/contract/access'
import {
  accessRequestInfoSchema,
  createTokenResponseSchema,
  tokenInfoSchema,
  userSchema,
  type CreateTokenRequest,
} from '../../../server/contract/auth'
import {
  auditEntrySchema,
  auditVerifySchema,
  ipRuleSchema,
  lockoutSchema,
  securityStatusSchema,
  sessionInfoSchema,
  type Lockout,
} from '../../../server/contract/security'
import type { HttpClient } from './http-client'

/** Typed calls of the admin APIs: users, tokens, instrument access requests, sessions, IP rules, audit. */
export function createSecurityApi(http: HttpClient) {
  return {
    status: () => http.request('GET', '/api/v1/security/status', securityStatusSchema),
    tokens: () => http.request('GET', '/api/v1/tokens', z.array(tokenInfoSchema)),
    createToken: (request: CreateTokenRequest) =>
      http.request('POST', '/api/v1/tokens', createTokenResponseSchema, request),
    revokeToken: (id: string) => http.send('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`),
    accessRequests: () => http.request('GET', '/api/v1/access-requests', z.array(accessRequestInfoSchema)),
    approveRequest: (id: string, role: Role) =>
      http.send('POST', `/api/v1/access-requests/${encodeURIComponent(id)}/approve`, { role }),
    denyRequest: (id: string) => http.send('POST', `/api/v1/access-requests/${encodeURIComponent(id)}/deny`, {}),
    users: () => http.request('GET', '/api/v1/users', z.array(userSchema)),
    createUser: (user: { username: string; password: string; role: Role }) =>
      http.request('POST', '/api/v1/users', userSchema, user),
    updateUser: (id: string, change: { role?: Role; disabled?: boolean }) =>
      http.request('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, userSchema, change),
    sessions: () => http.request('GET', '/api/v1/security/sessions', z.array(sessionInfoSchema)),
    revokeSession: (id: string) => http.send('DELETE', `/api/v1/security/sessions/${encodeURIComponent(id)}`),
    ipRules: () => http.request('GET', '/api/v1/security/ip-rules', z.array(ipRuleSchema)),
    addIpRule: (rule: { action: 'allow' | 'deny'; cidr: string; note: string }) =>
      http.request('POST', '/api/v1/security/ip-rules', ipRuleSchema, rule),
    removeIpRule: (id: string) => http.send('DELETE', `/api/v1/security/ip-rules/${encodeURIComponent(id)}`),
    lockouts: () => http.request('GET', '/api/v1/security/lockouts', z.array(lockoutSchema)),
    liftLockout: (lockout: Pick<Lockout, 'kind' | 'key'>) =>
      http.send('DELETE', `/api/v1/security/lockouts/${lockout.kind}/${encodeURIComponent(lockout.key)}`),
    verifyAudit: () => http.request('GET', '/api/v1/security/audit/verify', auditVerifySchema),
    audit: (query: { limit: number; action?: string }) =>
      http.request(
        'GET',
        `/api/v1/security/audit?${new URLSearchParams({ limit: String(query.limit), ...(query.action ? { action: query.action } : {}) }).toString()}`,
        z.array(auditEntrySchema),
      ),
  }
}

export type SecurityApi = ReturnType<typeof createSecurityApi>
