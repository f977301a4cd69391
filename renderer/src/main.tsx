import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectStream } from './api/stream-client'
import { App } from './App'
import { useConnection } from './store/connection'
import { useTelemetry } from './store/telemetry'
import './styles.css'

// The stream feeds the stores; components only read stores.
connectStream({
  onStatus: (status, detail) => useConnection.getState().setStatus(status, detail),
  onFrame: (frame) => useTelemetry.getState().append(frame, Date.now()),
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
