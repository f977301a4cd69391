import { routeHref } from '../../app/route'
import { formatSimTime, formatSpeed } from '../../app/format'
import { useAuth, useSimulation, useTelemetry, useTls } from '../../store'
import { certificateLevel } from '../../store/tls'
import { ConnectionIndicator } from '../connection/ConnectionIndicator'

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

function SimClock() {
  const simTimeS = useTelemetry((s) => s.latest?.simTimeS)
  const speed = useSimulation((s) => s.status?.speed)
  const outputHz = useSimulation((s) => s.status?.outputHz)
  return (
    <span className="header__clock">
      <span title="simulated time" data-testid="sim-time">
        {simTimeS === undefined ? '–' : formatSimTime(simTimeS)}
      </span>
      {speed !== undefined && (
        <span className="header__muted" data-testid="sim-speed" title="simulated seconds per second, frames per second">
          {formatSpeed(speed)} · {outputHz} Hz
        </span>
      )}
    </span>
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

function UserBadge() {
  const status = useAuth((s) => s.status)
  const name = useAuth((s) => s.me?.name)
  const role = useAuth((s) => s.me?.role)
  const local = useAuth((s) => s.me?.local ?? false)
  const logout = useAuth((s) => s.logout)
  if (status === 'open')
    return (
      <span className="header__muted" data-testid="user">
        local operator
      </span>
    )
  if (status !== 'signed-in') return null
  return (
    <span data-testid="user">
      {name} {role && <span className="header__muted">({role})</span>}{' '}
      {!local && (
        <button type="button" className="button button--small" onClick={() => void logout()}>
          Sign out
        </button>
      )}
    </span>
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
      </div>
      <div className="header__status">
        <RunState />
        <SimClock />
        <ConnectionIndicator />
        <CertificateBadge />
        <UserBadge />
      </div>
    </header>
  )
}
