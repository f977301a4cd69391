import { useEffect, useState } from 'react'
import { useConnection } from '../../store/connection'
import { useTelemetry } from '../../store/telemetry'

/** Data older than this is shown as stale even while the socket is open. */
const STALE_AFTER_MS = 3000

const labels = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' } as const

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** Honest connection state: live only while frames keep arriving; otherwise how old the last data is. */
export function ConnectionIndicator() {
  const status = useConnection((s) => s.status)
  const detail = useConnection((s) => s.detail)
  const lastFrameAtMs = useTelemetry((s) => s.lastFrameAtMs)
  const now = useNow(1000)
  const ageS = lastFrameAtMs === undefined ? undefined : Math.max(0, Math.round((now - lastFrameAtMs) / 1000))
  const stale = status === 'live' && (lastFrameAtMs === undefined || now - lastFrameAtMs > STALE_AFTER_MS)
  const shown = stale ? 'stale' : status
  return (
    <div className={`connection connection--${shown}`} role="status" aria-live="polite" data-testid="connection-status" data-status={shown}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{stale ? 'Stale' : labels[status]}</span>
      {ageS !== undefined && shown !== 'live' && <span className="connection__age">last data {ageS} s ago</span>}
      {detail && <span className="connection__detail">{detail}</span>}
    </div>
  )
}
