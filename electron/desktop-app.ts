import { join } from 'node:path'
import type { RunningStation, StationConfig } from '../server/index.js'
import { verifyStationCertificate } from './certificate-pin.js'
import type { ElectronApi, WindowApi } from './electron-api.js'
import { registerDesktopIpc } from './ipc.js'
import { buildMenuTemplate } from './menu.js'
import { notificationFor } from './notifications.js'
import { createStationTray } from './station-tray.js'
import { openMainWindow } from './window.js'
import { restoreWindowState, trackWindowState, type WindowState } from './window-state.js'

export type DesktopDeps = {
  electron: ElectronApi
  platform: NodeJS.Platform
  loadConfig: (userDataDir: string) => StationConfig
  startStation: (config: StationConfig) => Promise<RunningStation>
  /** Folder holding the compiled preload script. */
  electronDir: string
  /** Folder with the tray icons (running.png, stopped.png, alarm.png). */
  trayIconDir: string
  /** Where the window's size and position are remembered. */
  windowState: { read(): unknown; write(state: WindowState): void }
  /** Upper bound for a graceful shutdown before the app exits anyway. */
  shutdownTimeoutMs?: number
  onError?: (message: string, error: unknown) => void
}

/** Host names the station's own certificate is pinned for in the window's session. */
const stationHostnames = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * The desktop app: one instance, the station core in-process, one window on its URL that trusts
 * exactly the station's certificate and is signed in as the local operator; menu, tray, desktop
 * notifications and the preload bridge. Returns false when another instance already runs.
 */
export async function runDesktopApp(deps: DesktopDeps): Promise<boolean> {
  const { app, session, shell, Notification } = deps.electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  await app.whenReady()

  const station = await deps.startStation(deps.loadConfig(app.getPath('userData')))
  const defaultSession = session.defaultSession
  defaultSession.setCertificateVerifyProc((request, callback) => {
    // station.fingerprint follows renewals and imports, so a hot-swapped certificate stays trusted.
    callback(verifyStationCertificate({ hostname: request.hostname, certificatePem: request.certificate.data }, { hostnames: stationHostnames, fingerprint: () => station.fingerprint }))
  })
  // The station UI needs no camera, microphone, geolocation or notifications through the web API.
  defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  // The local operator is signed in by the main process: no password ever passes through the window.
  const cookie = station.localSession()
  await defaultSession.cookies.set({ url: station.url, name: cookie.name, value: cookie.value, secure: true, httpOnly: true, sameSite: 'strict' })

  const notify = (notification: { title: string; body: string }) => {
    if (Notification.isSupported()) new Notification(notification).show()
  }
  const copyRemoteUrl = () => {
    deps.electron.clipboard.writeText(station.url)
    return station.url
  }
  const openLogsFolder = async () => void (await shell.openPath(app.getPath('logs')))
  const revealDataDir = async () => void (await shell.openPath(station.dataDir))

  const stopIpc = registerDesktopIpc(
    deps.electron.ipcMain,
    {
      'app:version': () => app.getVersion(),
      'shell:open-logs-folder': openLogsFolder,
      'shell:reveal-data-dir': revealDataDir,
      'clipboard:copy-remote-url': copyRemoteUrl,
      'notify:show': notify,
    },
    () => new URL(station.url).origin,
  )
  const stopNotifications = station.onEvent((event) => {
    const notification = notificationFor(event)
    if (notification) notify(notification)
  })
  const { Menu } = deps.electron
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(deps.platform, { openLogsFolder, revealDataDir, copyRemoteUrl, showAbout: () => app.showAboutPanel() })))

  let window: WindowApi | undefined
  let flushWindowState: (() => void) | undefined
  const showWindow = async () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.focus()
      return
    }
    const state = restoreWindowState(deps.windowState.read(), deps.electron.screen.getAllDisplays().map((display) => display.workArea))
    window = await openMainWindow(deps.electron, { url: station.url, preloadPath: join(deps.electronDir, 'preload.cjs'), version: app.getVersion(), state })
    flushWindowState = trackWindowState(window, deps.windowState.write)
  }
  const removeTray = createStationTray(deps.electron, station, {
    iconDir: deps.trayIconDir,
    actions: { openWindow: () => void showWindow(), copyRemoteUrl, quit: () => app.quit() },
  })

  app.on('second-instance', () => void showWindow())
  // macOS: closing the last window keeps the app (and the station) running; the dock icon reopens it.
  app.on('activate', () => void showWindow())
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit()
  })

  let shuttingDown = false
  app.on('before-quit', (event) => {
    if (shuttingDown) return
    shuttingDown = true
    event.preventDefault()
    flushWindowState?.()
    stopNotifications()
    stopIpc()
    removeTray()
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
