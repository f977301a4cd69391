import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { startAlarmNotices } from './app/alarm-notices'
import { startFeeds } from './app/feeds'
import { useAuth } from './store'
import './styles/index.css'

// Signed out, the station would refuse the stream and every read: wait for the sign-in.
const unsubscribe = useAuth.subscribe((auth) => {
  if (auth.status === 'open' || auth.status === 'signed-in') {
    unsubscribe()
    void startFeeds()
    startAlarmNotices()
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
