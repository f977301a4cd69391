import { useEffect } from 'react'
import { useCan, useSecurity } from '../../store'
import { AccessRequestsSection } from './AccessRequestsSection'
import { AuditSection } from './AuditSection'
import { IpRulesSection } from './IpRulesSection'
import { LockoutsSection } from './LockoutsSection'
import { SessionsSection } from './SessionsSection'
import { TokensSection } from './TokensSection'
import { UsersSection } from './UsersSection'

/** Pending instrument requests appear without a reload: re-read while the page is open. */
const REFRESH_MS = 5000

function SecretsStatus() {
  const status = useSecurity((s) => s.status)
  if (!status) return null
  return (
    <section className="panel" aria-labelledby="secrets-title" data-testid="secrets-status">
      <h2 id="secrets-title">Secrets and access</h2>
      <p>
        Secrets are kept in:{' '}
        <strong data-testid="secrets-backend">
          {status.secretsBackend === 'keychain'
            ? 'the OS keychain'
            : status.secretsBackend === 'file'
              ? 'a file (fallback)'
              : 'memory only'}
        </strong>
      </p>
      {status.secretsWarning && (
        <p className="outcome outcome--bad" role="alert">
          {status.secretsWarning}
        </p>
      )}
      <p className="muted">
        Host names accepted: {status.allowedHosts.join(', ') || '–'} · trusted proxies:{' '}
        {status.trustProxy.join(', ') || 'none'}
      </p>
    </section>
  )
}

/** Admin: users, tokens, instrument requests, sessions, IP rules, audit, secret storage. */
export function SecurityPage() {
  const canManage = useCan('security:manage')
  const readError = useSecurity((s) => s.readError)
  useEffect(() => {
    void useSecurity.getState().refresh()
    const timer = setInterval(() => void useSecurity.getState().refresh(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  if (!canManage) return <p className="panel muted">The security pages are for admins.</p>
  return (
    <>
      {readError && (
        <p className="panel outcome outcome--bad" role="alert">
          Cannot read the security state: {readError}
        </p>
      )}
      <SecretsStatus />
      <AccessRequestsSection />
      <TokensSection />
      <UsersSection />
      <SessionsSection />
      <IpRulesSection />
      <LockoutsSection />
      <AuditSection />
    </>
  )
}
