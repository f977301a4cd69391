import { routeHref, useRoute, type Page } from './app/route'
import { CellDetail } from './features/cell-detail/CellDetail'
import { CertificatePanel } from './features/certificate/CertificatePanel'
import { ConfirmDialog } from './features/confirm/ConfirmDialog'
import { ControlPanel } from './features/control/ControlPanel'
import { Header } from './features/header/Header'
import { InstrumentsPage } from './features/instruments/InstrumentsPage'
import { SourceBanner } from './features/instruments/SourceBanner'
import { LiveCharts } from './features/live-charts/LiveCharts'
import { LoginPage } from './features/login/LoginPage'
import { SetupPage } from './features/login/SetupPage'
import { StackOverview } from './features/overview/StackOverview'
import { Polarization } from './features/polarization/Polarization'
import { RunsPage } from './features/runs/RunsPage'
import { ReauthDialog } from './features/reauth/ReauthDialog'
import { SecurityPage } from './features/security/SecurityPage'
import { useAuth, useCan, useConnection, useTls } from './store'

function Nav({ current }: { current: Page | 'cell' }) {
  const canControl = useCan('simulation:control')
  const hasTls = useTls((s) => s.status !== undefined)
  const isAdmin = useCan('security:manage')
  const canRead = useCan('telemetry:read')
  const canSeeInstruments = useCan('instruments:read')
  // The model's pages (sweeps, run control) exist only while the simulation is the source.
  const simulated = useConnection((s) => s.source !== 'hardware')
  const items: Array<[Page, string]> = [
    ['overview', 'Overview'],
    ['charts', 'Charts'],
    ...(simulated ? ([['polarization', 'Polarization']] as Array<[Page, string]>) : []),
    ...(canRead ? ([['runs', 'Runs']] as Array<[Page, string]>) : []),
    ...(canSeeInstruments ? ([['instruments', 'Instruments']] as Array<[Page, string]>) : []),
    ...(canControl && simulated ? ([['control', 'Control']] as Array<[Page, string]>) : []),
    ...(hasTls ? ([['certificate', 'Certificate']] as Array<[Page, string]>) : []),
    ...(isAdmin ? ([['security', 'Security']] as Array<[Page, string]>) : []),
  ]
  return (
    <nav className="nav" aria-label="Pages">
      {items.map(([page, label]) => (
        <a
          key={page}
          href={routeHref({ page })}
          aria-current={current === page || (current === 'cell' && page === 'overview') ? 'page' : undefined}
          className="nav__link"
        >
          {label}
        </a>
      ))}
    </nav>
  )
}

export function App() {
  const route = useRoute()
  const authStatus = useAuth((s) => s.status)
  const authError = useAuth((s) => s.error)
  const setupNeeded = useAuth((s) => s.setupNeeded)
  if (authStatus === 'signed-out') return setupNeeded ? <SetupPage /> : <LoginPage />
  // Until the station says who we are, show nothing that may turn out to be forbidden.
  if (authStatus === 'unknown')
    return (
      <main className="main main--narrow" data-testid="connecting">
        <p className="muted">
          {authError ? `Cannot reach the station (${authError}); trying again…` : 'Connecting to the station…'}
        </p>
      </main>
    )
  return (
    <>
      <Header />
      <SourceBanner />
      <Nav current={route.page} />
      <main className="main">
        {route.page === 'overview' && <StackOverview />}
        {route.page === 'cell' && <CellDetail cell={route.cell} />}
        {route.page === 'charts' && <LiveCharts />}
        {route.page === 'polarization' && <Polarization />}
        {route.page === 'runs' && <RunsPage />}
        {route.page === 'instruments' && <InstrumentsPage />}
        {route.page === 'control' && <ControlPanel />}
        {route.page === 'certificate' && <CertificatePanel />}
        {route.page === 'security' && <SecurityPage />}
      </main>
      <ConfirmDialog />
      <ReauthDialog />
    </>
  )
}
