import { useNow } from '../../app/use-now'
import { useConnection, useSimulation, useTelemetry } from '../../store'

/** Data older than this is shown as stale even while the socket is open. */
const STALE_AFTER_MS = 3000

const labels = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' } as const

/** Honest connection state: live only while frames keep arriving; otherwise how old the last data is. */
export function ConnectionIndicator() {
  const status = useConnection((s) => s.status)
  const detail = useConnection((s) => s.detail)
  const lastFrameAtMs = useTelemetry((s) => s.lastFrameAtMs)
  // A paused or stopped run sends no frames: that is not stale data.
  const running = useSimulation((s) => s.status?.state === 'running')
  const now = useNow(1000)
  const ageS = lastFrameAtMs === undefined ? undefined : Math.max(0, Math.round((now - lastFrameAtMs) / 1000))
  const stale = status === 'live' && running && (lastFrameAtMs === undefined || now - lastFrameAtMs > STALE_AFTER_MS)
  const shown = stale ? 'stale' : status
  return (
    <div
      className={`connection connection--${shown}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-status={shown}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{stale ? 'Stale' : labels[status]}</span>
      {ageS !== undefined && shown !== 'live' && <span className="connection__age">last data {ageS} s ago</span>}
      {detail && <span className="connection__detail">{detail}</span>}
    </div>
  )
}
