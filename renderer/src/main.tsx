import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectStream } from './api/stream-client'
import { App } from './App'
import { loadRecentEvents, useAuth, useConnection, useEventLog, useSimulation, useTelemetry, useTls } from './store'
import { describeEvent } from './store/event-log'
import './styles/index.css'

/** Status also changes without events (speed, simulated time of an idle run): re-read it now and then. */
const STATUS_POLL_MS = 5000
/** Certificate days-left changes slowly; renewals are rare. */
const TLS_POLL_MS = 60_000

/** The stream and the API feed the stores; components only read stores. Started once the page may read. */
async function startFeeds() {
  // Before the stream, so the log reads in time order: what happened before the page, then live events.
  await loadRecentEvents()
  connectStream({
    onStatus: (status, detail) => {
      useConnection.getState().setStatus(status, detail)
      // After a (re)connect the station may be a new process with a new run: read it again.
      if (status === 'live') void useSimulation.getState().refresh()
    },
    onSource: (source) => useConnection.getState().setSource(source),
    onFrame: (frame) => useTelemetry.getState().append(frame, Date.now()),
    resumeFrom: () => {
      const latest = useTelemetry.getState().latest
      return latest && { runId: latest.runId, afterSeq: latest.seq }
    },
    onEvent: (message) => {
      const { kind, text } = describeEvent(message.event)
      useEventLog.getState().add(kind, text, message.wallTimeMs)
      if (message.event.kind !== 'alarm') void useSimulation.getState().refresh()
    },
  })
  void useSimulation.getState().refresh()
  void useTls.getState().refresh()
  setInterval(() => void useSimulation.getState().refresh(), STATUS_POLL_MS)
  setInterval(() => void useTls.getState().refresh(), TLS_POLL_MS)
}

// Signed out, the station would refuse the stream and every read: wait for the sign-in.
const unsubscribe = useAuth.subscribe((auth) => {
  if (auth.status === 'open' || auth.status === 'signed-in') {
    unsubscribe()
    void startFeeds()
  }
})
/** Until the station answers who we are (it may be restarting), ask again. */
const AUTH_RETRY_MS = 2000
const loadAuth = (): void => {
  void useAuth
    .getState()
    .load()
    .then(() => {
      if (useAuth.getState().status === 'unknown') setTimeout(loadAuth, AUTH_RETRY_MS)
    })
}
loadAuth()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
