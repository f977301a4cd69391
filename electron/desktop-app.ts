import { join } from 'node:path'
import type { RunningStation, StationConfig } from '../server/index.js'
import { verifyStationCertificate } from './certificate-pin.js'
import type { ElectronApi, WindowApi } from './electron-api.js'
import { openMainWindow } from './window.js'

export type DesktopDeps = {
  electron: ElectronApi
  loadConfig: (dataDir: string) => StationConfig
  startStation: (config: StationConfig) => Promise<RunningStation>
  /** Folder holding the compiled preload script. */
  electronDir: string
  /** Upper bound for a graceful shutdown before the app exits anyway. */
  shutdownTimeoutMs?: number
  onError?: (message: string, error: unknown) => void
}

/** Host names the station's own certificate is pinned for in the window's session. */
const stationHostnames = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * The desktop app: one instance, the station core in-process, one window on its URL that trusts
 * exactly the station's certificate. Returns false when another instance already runs.
 */
export async function runDesktopApp(deps: DesktopDeps): Promise<boolean> {
  const { app, session } = deps.electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  await app.whenReady()

  const station = await deps.startStation(deps.loadConfig(app.getPath('userData')))
  session.defaultSession.setCertificateVerifyProc((request, callback) => {
    callback(verifyStationCertificate({ hostname: request.hostname, certificatePem: request.certificate.data }, { hostnames: stationHostnames, fingerprint: () => station.fingerprint }))
  })
  // The station UI needs no camera, microphone, geolocation or notifications through the web API.
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))

  let window: WindowApi | undefined
  const showWindow = async () => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
      return
    }
    window = await openMainWindow(deps.electron, { url: station.url, preloadPath: join(deps.electronDir, 'preload.cjs'), version: app.getVersion() })
  }
  app.on('second-instance', () => void showWindow())
  app.on('activate', () => void showWindow())
  app.on('window-all-closed', () => app.quit())

  let shuttingDown = false
  app.on('before-quit', (event) => {
    if (shuttingDown) return
    shuttingDown = true
    event.preventDefault()
    const timeout = setTimeout(() => app.exit(1), deps.shutdownTimeoutMs ?? 10_000)
    station.close().then(
      () => {
        clearTimeout(timeout)
        app.exit(0)
      },
      (error: unknown) => {
        deps.onError?.('station shutdown failed', error)
        clearTimeout(timeout)
        app.exit(1)
      },
    )
  })

  await showWindow()
  return true
}
