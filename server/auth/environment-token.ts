import type { AuditLog } from './audit.js'
import type { TokenStore } from './tokens.js'

const NAME = 'MFC_API_TOKEN'

/**
 * Registers MFC_API_TOKEN (the reference system's static token, docs/api.md "Authentication") as an
 * operator token, hazardous only when security.apiTokenHazardous says so. A changed value or flag
 * revokes the token registered under that name before.
 */
export function registerEnvironmentToken(
  tokens: Pick<TokenStore, 'findByPlain' | 'list' | 'revoke' | 'create' | 'setHazardous'>,
  audit: Pick<AuditLog, 'record'>,
  apiToken: string | undefined,
  hazardous = false,
): void {
  if (apiToken === undefined) return
  const existing = tokens.findByPlain(apiToken)
  if (existing) {
    if (existing.hazardous === hazardous) return
    tokens.setHazardous(existing.id, hazardous)
    audit.record({ actor: 'system', action: 'token.update', target: NAME, details: { hazardous } })
    return
  }
  for (const token of tokens.list()) if (token.name === NAME && !token.revokedAt) tokens.revoke(token.id)
  tokens.create({ name: NAME, role: 'operator', createdBy: NAME, hazardous }, apiToken)
  audit.record({
    actor: 'system',
    action: 'token.create',
    target: NAME,
    details: { role: 'operator', source: 'environment', hazardous },
  })
}
