import { PageErrorBoundary } from './app/PageErrorBoundary'
import { routeHref, useRoute, type Page, type Route } from './app/route'
import { AlarmAnnouncer } from './features/alarms/AlarmAnnouncer'
import { AlarmsPage } from './features/alarms/AlarmsPage'
import { AnalysesPage } from './features/analyses/AnalysesPage'
import { CellDetail } from './features/cell-detail/CellDetail'
import { CertificatePanel } from './features/certificate/CertificatePanel'
import { HistoryViewer } from './features/charts/HistoryViewer'
import { LiveCharts } from './features/charts/LiveCharts'
import { PublishingPanel } from './features/publishing/PublishingPanel'
import { ConfirmDialog } from './features/confirm/ConfirmDialog'
import { ControlPanel } from './features/control/ControlPanel'
import { Header } from './features/header/Header'
import { InstrumentsPage } from './features/instruments/InstrumentsPage'
import { SourceBanner } from './features/instruments/SourceBanner'
import { LoginPage } from './features/login/LoginPage'
import { SetupPage } from './features/login/SetupPage'
import { StackOverview } from './features/overview/StackOverview'
import { Polarization } from './features/polarization/Polarization'
import { ProceduresPage } from './features/procedures/ProceduresPage'
import { ReauthDialog } from './features/reauth/ReauthDialog'
import { RunsPage } from './features/runs/RunsPage'
import { SecurityPage } from './features/security/SecurityPage'
import { StatusBanner } from './features/status/StatusBanner'
import { TwinPage } from './features/twin/TwinPage'
import { useAuth, useCan, useConnection, useTls } from './store'

/** Which nav entry a route belongs to: a cell is part of the overview, a recorded run of the runs. */
function navPage(route: Route): Page {
  if (route.page === 'cell') return 'overview'
  if (route.page === 'history') return 'runs'
  return route.page
}

function Nav({ current }: { current: Page }) {
  const canControl = useCan('simulation:control')
  const hasTls = useTls((s) => s.status !== undefined)
  const isAdmin = useCan('security:manage')
  const canRead = useCan('telemetry:read')
  const canSeeInstruments = useCan('instruments:read')
  // The model's pages (sweeps, run control) exist only while the simulation is the source.
  const simulated = useConnection((s) => s.source !== 'hardware')
  const items: Array<[Page, string, boolean]> = [
    ['overview', 'Overview', true],
    ['alarms', 'Alarms', true],
    ['charts', 'Charts', true],
    ['polarization', 'Polarization', simulated],
    ['twin', 'Twin', canRead],
    ['analyses', 'Analyses', canRead],
    ['runs', 'Runs', canRead],
    ['instruments', 'Instruments', canSeeInstruments],
    ['procedures', 'Procedures', canSeeInstruments],
    ['control', 'Control', canControl && simulated],
    ['certificate', 'Certificate', hasTls],
    ['security', 'Security', isAdmin],
  ]
  return (
    <nav className="nav" aria-label="Pages">
      {items
        .filter(([, , shown]) => shown)
        .map(([page, label]) => (
          <a
            key={page}
            href={routeHref({ page })}
            aria-current={current === page ? 'page' : undefined}
            className="nav__link"
          >
            {label}
          </a>
        ))}
    </nav>
  )
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <StackOverview />
    case 'alarms':
      return <AlarmsPage />
    case 'cell':
      return <CellDetail cell={route.cell} />
    case 'charts':
      return <LiveCharts />
    case 'history':
      return <HistoryViewer runId={route.runId} />
    case 'polarization':
      return <Polarization />
    case 'twin':
      return <TwinPage />
    case 'analyses':
      return <AnalysesPage />
    case 'runs':
      return <RunsPage />
    case 'procedures':
      return <ProceduresPage />
    case 'control':
      return <ControlPanel />
    case 'certificate':
      return (
        <>
          <CertificatePanel />
          <PublishingPanel />
        </>
      )
    case 'instruments':
      return <InstrumentsPage />
    case 'security':
      return <SecurityPage />
  }
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
        <h1>MFC Station: connecting</h1>
        <p className="muted">
          {authError ? `Cannot reach the station (${authError}); trying again…` : 'Connecting to the station…'}
        </p>
      </main>
    )
  return (
    <>
      <Header />
      <SourceBanner />
      <Nav current={navPage(route)} />
      <StatusBanner />
      <main className="main">
        <PageErrorBoundary key={routeHref(route)}>
          <CurrentPage route={route} />
        </PageErrorBoundary>
      </main>
      <AlarmAnnouncer />
      <ConfirmDialog />
      <ReauthDialog />
    </>
  )
}
