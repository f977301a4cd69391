import { useCan, useTls } from '../../store'
import { CertificateActions } from './CertificateActions'
import { CertificateBackup } from './CertificateBackup'
import { CertificateAlerts, CertificateFacts } from './CertificateFacts'

/** The served certificate, its downloads and alerts; changes for users with tls:manage. */
export function CertificatePanel() {
  const status = useTls((s) => s.status)
  const error = useTls((s) => s.error)
  const canManage = useCan('tls:manage')
  if (!status) {
    return (
      <section className="panel">
        <h2>Certificate</h2>
        <p className="muted">
          {error
            ? `Cannot read the certificate status: ${error}`
            : 'This station does not report its certificate status yet.'}
        </p>
      </section>
    )
  }
  return (
    <>
      <section className="panel" aria-labelledby="cert-title" data-testid="certificate-panel">
        <h2 id="cert-title">Certificate</h2>
        <CertificateFacts status={status} />
        <p className="form-row">
          <a className="button" href="/api/v1/tls/cert.pem" download>
            Download certificate
          </a>
          {status.localCa && (
            <a className="button" href="/api/v1/tls/ca.pem" download>
              Download CA
            </a>
          )}
        </p>
        <CertificateAlerts alerts={status.alerts} />
      </section>
      {canManage && <CertificateActions />}
      {canManage && <CertificateBackup />}
    </>
  )
}
