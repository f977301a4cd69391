import { useEffect, type ReactNode } from 'react'
import type { BrokerStatus } from '../../../../server/contract/publish'
import { usePublishing } from '../../store'
import { brokerLevel } from './publishing-store'

const REFRESH_MS = 5000
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
const when = (iso: string | null) => (iso === null ? '–' : dateFormat.format(new Date(iso)))
const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`

function brokerFacts(broker: BrokerStatus): Array<[string, ReactNode]> {
  const topics = broker.sparkplug
    ? `spBv1.0/${broker.sparkplug.groupId}/…/${broker.sparkplug.edgeNodeId}/${broker.sparkplug.deviceId} (bdSeq ${broker.sparkplug.bdSeq})`
    : `${broker.json?.topicPrefix ?? ''}/… ${broker.json?.homeAssistant ? '(Home Assistant discovery)' : ''}`
  return [
    [
      'State',
      <span key="state" className={`badge badge--${brokerLevel(broker)}`}>
        {broker.state}
      </span>,
    ],
    ['Broker', broker.url],
    ['Mode', broker.mode === 'sparkplug' ? 'Sparkplug B' : 'JSON'],
    ['Topics', topics],
    ['TLS', broker.tls ? (broker.verifiesBroker ? 'yes, broker verified' : 'yes, broker NOT verified') : 'no'],
    ['Connected since', when(broker.connectedSince)],
    ['Queued', `${broker.queued} messages, ${kib(broker.queuedBytes)}, oldest ${when(broker.oldestQueuedAt)}`],
    ['Sent / dropped', `${broker.sent} / ${broker.dropped}`],
    ['Connections', String(broker.connects)],
    ['Last error', broker.lastError ?? 'none'],
  ]
}

/** Where the station publishes, as `GET /api/v1/publish` says, refreshed every 5 s while shown. */
export function PublishingPanel() {
  const status = usePublishing((s) => s.status)
  const error = usePublishing((s) => s.error)
  const refresh = usePublishing((s) => s.refresh)
  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [refresh])
  const brokers = status?.brokers ?? []
  return (
    <section className="panel" aria-labelledby="publishing-title" data-testid="publishing-panel">
      <h2 id="publishing-title">Publishing</h2>
      {error && <p className="muted">Cannot read the publishing status: {error}</p>}
      {status && brokers.length === 0 && (
        <p className="muted">This station publishes to no broker (configuration key publish.mqtt).</p>
      )}
      {brokers.map((broker) => (
        <dl key={broker.name} className="facts" data-testid={`publishing-${broker.name}`}>
          {brokerFacts(broker).map(([label, value]) => (
            <div key={label} className="facts__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ))}
    </section>
  )
}
