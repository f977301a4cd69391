import { formatAge } from '../../app/time-format'
import { useFreshness } from '../../app/use-freshness'
import { useConnection } from '../../store'

const labels = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' } as const

/** Honest connection state: live only while frames keep arriving; otherwise how old the last data is. */
export function ConnectionIndicator() {
  const status = useConnection((s) => s.status)
  const detail = useConnection((s) => s.detail)
  const freshness = useFreshness()
  // A stopped or idle run is "stale" for the data, not for the connection: the socket is fine.
  const noData = status === 'live' && freshness.reason === 'no new data'
  const shown = noData ? 'stale' : status
  return (
    <div className={`connection connection--${shown}`} data-testid="connection-status" data-status={shown}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{noData ? 'Stale' : labels[status]}</span>
      {freshness.ageMs !== undefined && shown !== 'live' && (
        <span className="connection__age">last data {formatAge(freshness.ageMs)} ago</span>
      )}
      {detail && <span className="connection__detail">{detail}</span>}
    </div>
  )
}
