import type { ReactNode } from 'react'
import { useCan, useTls } from '../../store'
import { CertificateActions } from './CertificateActions'
import { CertificateBackup } from './CertificateBackup'
import { certificateLevel } from '../../store/tls'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const when = (iso: string | null) => (iso === null ? '–' : dateFormat.format(new Date(iso)))

/** The served certificate exactly as `GET /api/v1/tls/status` reports it. */
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
  const { certificate: c, renewal } = status
  const rows: Array<[string, ReactNode]> = [
    ['Source', status.source],
    ['Subject', c.subject],
    ['Names', c.subjectAltNames.join(', ')],
    ['Issuer', c.issuer],
    [
      'SHA-256 fingerprint',
      <code key="fp" className="fingerprint">
        {c.fingerprint256}
      </code>,
    ],
    ['Key', `${c.keyType}${c.keyBits ? ` (${c.keyBits} bit)` : ''}`],
    ['Valid', `${when(c.notBefore)} – ${when(c.notAfter)}`],
    [
      'Days left',
      <span key="days" className={`badge badge--${certificateLevel(status.daysLeft)}`}>
        {status.daysLeft}
      </span>,
    ],
    [
      'Renewal',
      renewal.automatic ? `automatic, due ${when(renewal.dueAt)}` : `manual (imported), due ${when(renewal.dueAt)}`,
    ],
    ['Next attempt', when(renewal.nextAttemptAt)],
    ['Last error', renewal.lastError ?? 'none'],
  ]
  return (
    <>
      <section className="panel" aria-labelledby="cert-title" data-testid="certificate-panel">
        <h2 id="cert-title">Certificate</h2>
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label} className="facts__row">
              <dt>{label}</dt>
              <dd data-testid={`cert-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>{value}</dd>
            </div>
          ))}
        </dl>
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
        {status.alerts.length > 0 && (
          <ul className="event-log__list">
            {status.alerts.map((alert) => (
              <li
                key={`${alert.at}-${alert.kind}`}
                className={`event-log__entry event-log__entry--${alert.severity === 'info' ? 'event' : 'rejected'}`}
              >
                {when(alert.at)} {alert.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canManage && <CertificateActions />}
      {canManage && <CertificateBackup />}
    </>
  )
}
