import type { AuditLog } from './audit.js'
import type { TokenStore } from './tokens.js'

const NAME = 'MFC_API_TOKEN'

/**
 * Registers MFC_API_TOKEN (the reference system's static token, docs/api.md "Authentication") as an
 * operator token. A changed value revokes the token registered under that name before.
 */
export function registerEnvironmentToken(
  tokens: Pick<TokenStore, 'findByPlain' | 'list' | 'revoke' | 'create'>,
  audit: Pick<AuditLog, 'record'>,
  apiToken: string | undefined,
): void {
  if (apiToken === undefined || tokens.findByPlain(apiToken)) return
  for (const token of tokens.list()) if (token.name === NAME && !token.revokedAt) tokens.revoke(token.id)
  tokens.create({ name: NAME, role: 'operator', createdBy: NAME }, apiToken)
  audit.record({
    actor: 'system',
    action: 'token.create',
    target: NAME,
    details: { role: 'operator', source: 'environment' },
  })
}
