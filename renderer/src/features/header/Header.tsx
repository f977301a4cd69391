import { routeHref } from '../../app/route'
import { formatSpeed } from '../../app/format'
import { formatSimTime, formatWallTime } from '../../app/time-format'
import { useAlarms, useSimulation, useTelemetry, useTls } from '../../store'
import { selectActiveCount } from '../../store/alarms'
import { certificateLevel } from '../../store/tls'
import { ConnectionIndicator } from '../connection/ConnectionIndicator'
import { UserBadge } from './UserBadge'

/** Run state from the status (re-read on every change and run-state event); a paused run sends no frames to tell. */
function RunState() {
  const fromFrame = useTelemetry((s) => s.latest?.state)
  const fromStatus = useSimulation((s) => s.status?.state)
  const state = fromStatus ?? fromFrame
  return (
    <span className={`badge badge--run-${state ?? 'unknown'}`} data-testid="run-state" data-state={state ?? 'unknown'}>
      {state ?? '…'}
    </span>
  )
}

/** Simulated time and the wall time of the same frame, in their two distinct formats. */
function Clocks() {
  const simTimeS = useTelemetry((s) => s.latest?.simTimeS)
  const wallTimeMs = useTelemetry((s) => s.latest?.wallTimeMs)
  const speed = useSimulation((s) => s.status?.speed)
  const outputHz = useSimulation((s) => s.status?.outputHz)
  return (
    <span className="header__clock">
      <span title="simulated time of the newest data" data-testid="sim-time">
        {simTimeS === undefined ? 'sim –' : formatSimTime(simTimeS)}
      </span>
      <span className="header__muted" title="wall-clock time of the newest data" data-testid="wall-time">
        {wallTimeMs === undefined ? '– wall' : formatWallTime(wallTimeMs)}
      </span>
      {speed !== undefined && (
        <span className="header__muted" data-testid="sim-speed" title="simulated seconds per second, frames per second">
          {formatSpeed(speed)} · {outputHz} Hz
        </span>
      )}
    </span>
  )
}

function AlarmBadge() {
  const count = useAlarms(selectActiveCount)
  return (
    <a
      className={`badge badge--${count > 0 ? 'bad' : 'ok'}`}
      href={routeHref({ page: 'alarms' })}
      data-testid="alarm-count-badge"
      data-count={count}
    >
      {count === 1 ? '1 alarm' : `${count} alarms`}
    </a>
  )
}

function CertificateBadge() {
  const daysLeft = useTls((s) => s.status?.daysLeft)
  if (daysLeft === undefined) return null
  return (
    <a
      className={`badge badge--${certificateLevel(daysLeft)}`}
      href={routeHref({ page: 'certificate' })}
      data-testid="certificate-badge"
      title="certificate validity"
    >
      TLS {daysLeft < 0 ? 'expired' : `${daysLeft} d`}
    </a>
  )
}

/** Everything an operator checks at a glance: which station and run, whether it runs, whether the data is live. */
export function Header() {
  const runName = useSimulation((s) => s.status?.name)
  return (
    <header className="header">
      <div className="header__title">
        <h1>MFC Station</h1>
        <span className="header__muted" data-testid="station-name">
          {window.location.host}
          {runName && ` · ${runName}`}
        </span>
        <span className="badge badge--source" data-testid="data-source" title="where the data comes from">
          simulated
        </span>
      </div>
      <div className="header__status">
        <RunState />
        <Clocks />
        <ConnectionIndicator />
        <AlarmBadge />
        <CertificateBadge />
        <UserBadge />
      </div>
    </header>
  )
}
