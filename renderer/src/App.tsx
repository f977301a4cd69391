import { ConnectionIndicator } from './features/connection/ConnectionIndicator'
import { LiveChart } from './features/live-chart/LiveChart'

export function App() {
  return (
    <>
      <header className="header">
        <h1>MFC Station</h1>
        <ConnectionIndicator />
      </header>
      <main className="main">
        <LiveChart />
      </main>
    </>
  )
}
