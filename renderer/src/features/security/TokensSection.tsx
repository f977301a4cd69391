import { useState } from 'react'
import type { TokenInfo } from '../../../../server/contract/auth'
import { formatDateTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'
import { NewToken } from './NewToken'
import { TokenForm } from './TokenForm'

function TokenRow({ token, onRevoke }: { token: TokenInfo; onRevoke(token: TokenInfo): void }) {
  return (
    <tr data-testid="token-row" className={token.revokedAt ? 'muted' : undefined}>
      <td>{token.name}</td>
      <td>{token.role ?? token.scopes?.join(', ')}</td>
      <td>{token.hazardous ? 'allowed' : 'refused'}</td>
      <td>
        {formatDateTime(token.createdAt)} by {token.createdBy}
      </td>
      <td>{formatDateTime(token.expiresAt)}</td>
      <td>{token.lastUsedAt ? `${formatDateTime(token.lastUsedAt)} from ${token.lastUsedIp ?? '?'}` : 'never'}</td>
      <td>
        {token.revokedAt ? (
          `revoked ${formatDateTime(token.revokedAt)}`
        ) : (
          <button type="button" className="button button--small button--danger" onClick={() => onRevoke(token)}>
            Revoke
          </button>
        )}
      </td>
    </tr>
  )
}

/** API tokens: create (role or scopes, shown once with usage snippets), list, revoke. */
export function TokensSection() {
  const tokens = useSecurity((s) => s.tokens)
  const createToken = useSecurity((s) => s.createToken)
  const revokeToken = useSecurity((s) => s.revokeToken)
  const [created, setCreated] = useState<{ token: string; metrics: boolean }>()
  const { outcome, apply, run } = useChange()
  const revoke = (token: TokenInfo) =>
    void apply(
      {
        title: `Revoke "${token.name}"?`,
        body: 'Every client using this token loses access at once.',
        confirmLabel: 'Revoke',
      },
      () => revokeToken(token),
    )
  return (
    <section className="panel" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">API tokens</h2>
      <TokenForm
        outcome={outcome}
        onCreate={(request) =>
          void run(async () => {
            const result = await createToken(request)
            const metrics = request.scopes
              ? request.scopes.some((s) => s === 'metrics:read' || s === 'admin')
              : request.role !== 'viewer'
            if (result.token) setCreated({ token: result.token, metrics })
            return result
          })
        }
      />
      {created && <NewToken token={created.token} metrics={created.metrics} onDone={() => setCreated(undefined)} />}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role / scopes</th>
            <th scope="col">Hazardous actions</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} onRevoke={revoke} />
          ))}
        </tbody>
      </table>
    </section>
  )
}
