import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/http-client'
import type { SecurityApi } from '../api/security-api'
import type { LogKind } from './event-log'
import { createSecurityStore } from './security'

const status = {
  secretsBackend: 'file' as const,
  secretsWarning: 'secrets are in a file',
  setupPending: false,
  trustProxy: [],
  allowedHosts: ['localhost'],
}

function harness(overrides: Partial<SecurityApi> = {}) {
  const log: Array<[LogKind, string]> = []
  const empty = async () => []
  const api = {
    status: async () => status,
    tokens: empty,
    accessRequests: empty,
    users: empty,
    sessions: empty,
    ipRules: empty,
    lockouts: empty,
    audit: empty,
    createToken: async () => ({ id: 't1', token: 'plain-token-value' }),
    ...overrides,
  } as unknown as SecurityApi
  return { store: createSecurityStore({ api, log: (kind, text) => log.push([kind, text]) }), log }
}

describe('security store', () => {
  it('hands the plain token to the caller once and never keeps it in state', async () => {
    const { store, log } = harness()
    const outcome = await store.getState().createToken({ name: 'logger', role: 'viewer' })
    expect(outcome).toEqual({ ok: true, token: 'plain-token-value' })
    expect(JSON.stringify(store.getState())).not.toContain('plain-token-value')
    expect(log).toEqual([['change', 'Create token "logger"']])
    expect(store.getState().status?.secretsWarning).toBe('secrets are in a file')
  })

  it("keeps the station's reason when an approval is refused", async () => {
    const { store, log } = harness({
      approveRequest: () => Promise.reject(new ApiError(403, 'forbidden', 'you cannot grant the role "admin"')),
    })
    const request = { id: 'r1', name: 'scope-1', ip: '10.0.0.5', createdAt: '', expiresAt: '' }
    expect(await store.getState().approveRequest(request, 'admin')).toEqual({
      ok: false,
      reason: 'you cannot grant the role "admin"',
    })
    expect(log[0]).toEqual(['rejected', 'Approve "scope-1" as admin refused: you cannot grant the role "admin"'])
  })
})
