import type { ReactNode } from 'react'
import type { TlsStatus } from '../../../../server/contract/tls'
import { formatDateTime } from '../../app/time-format'
import { certificateLevel } from '../../store/tls'

/** The status as label/value rows, in the order an operator checks them. */
function factRows(status: TlsStatus): Array<[string, ReactNode]> {
  const { certificate: c, renewal } = status
  return [
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
    ['Valid', `${formatDateTime(c.notBefore)} – ${formatDateTime(c.notAfter)}`],
    [
      'Days left',
      <span key="days" className={`badge badge--${certificateLevel(status.daysLeft)}`}>
        {status.daysLeft}
      </span>,
    ],
    ['Renewal', `${renewal.automatic ? 'automatic' : 'manual (imported)'}, due ${formatDateTime(renewal.dueAt)}`],
    ['Next attempt', formatDateTime(renewal.nextAttemptAt)],
    ['Last error', renewal.lastError ?? 'none'],
  ]
}

/** The served certificate exactly as `GET /api/v1/tls/status` reports it. */
export function CertificateFacts({ status }: { status: TlsStatus }) {
  return (
    <dl className="facts">
      {factRows(status).map(([label, value]) => (
        <div key={label} className="facts__row">
          <dt>{label}</dt>
          <dd data-testid={`cert-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Certificate alerts (expiry, renewal failures), newest as the station lists them. */
export function CertificateAlerts({ alerts }: { alerts: TlsStatus['alerts'] }) {
  if (alerts.length === 0) return null
  return (
    <ul className="event-log__list">
      {alerts.map((alert) => (
        <li
          key={`${alert.at}-${alert.kind}`}
          className={`event-log__entry event-log__entry--${alert.severity === 'info' ? 'event' : 'rejected'}`}
        >
          {formatDateTime(alert.at)} {alert.message}
        </li>
      ))}
    </ul>
  )
}
