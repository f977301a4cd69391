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

export type Listener = { host: string; port: number }

export type DesktopDeps = {
  electron: ElectronApi
  platform: NodeJS.Platform
  loadConfig: (userDataDir: string) => StationConfig
  startStation: (config: StationConfig) => Promise<RunningStation>
  /** Persists a new listener in the station's config; returns a function that restores the old one. */
  saveListener: (dataDir: string, listener: Listener) => () => void
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
  const { app, session, shell, Notification, Menu } = deps.electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  await app.whenReady()

  const defaultSession = session.defaultSession
  let station = await deps.startStation(deps.loadConfig(app.getPath('userData')))
  defaultSession.setCertificateVerifyProc((request, callback) => {
    // Read at every check: the fingerprint follows renewals, imports and listener moves.
    callback(
      verifyStationCertificate(
        { hostname: request.hostname, certificatePem: request.certificate.data },
        { hostnames: stationHostnames, fingerprint: () => station.fingerprint },
      ),
    )
  })
  // The station UI needs no camera, microphone, geolocation or notifications through the web API.
  defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))

  const notify = (notification: { title: string; body: string }) => {
    if (Notification.isSupported()) new Notification(notification).show()
  }
  const copyRemoteUrl = () => {
    deps.electron.clipboard.writeText(station.url)
    return station.url
  }
  const openLogsFolder = async () => void (await shell.openPath(app.getPath('logs')))
  const revealDataDir = async () => void (await shell.openPath(station.dataDir))

  let window: WindowApi | undefined
  let flushWindowState: (() => void) | undefined
  const showWindow = async () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.focus()
      return
    }
    const state = restoreWindowState(
      deps.windowState.read(),
      deps.electron.screen.getAllDisplays().map((display) => display.workArea),
    )
    window = await openMainWindow(deps.electron, {
      url: station.url,
      preloadPath: join(deps.electronDir, 'preload.cjs'),
      version: app.getVersion(),
      state,
    })
    flushWindowState = trackWindowState(window, deps.windowState.write)
  }

  /** Everything bound to one running station: its session cookie, tray and notifications. */
  const attach = async (running: RunningStation): Promise<() => void> => {
    // The local operator is signed in by the main process: no password ever passes through the window.
    const cookie = running.localSession()
    await defaultSession.cookies.set({
      url: running.url,
      name: cookie.name,
      value: cookie.value,
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    })
    const stopNotifications = running.onEvent((event) => {
      const notification = notificationFor(event)
      if (notification) notify(notification)
    })
    const removeTray = createStationTray(deps.electron, running, {
      iconDir: deps.trayIconDir,
      actions: { openWindow: () => void showWindow(), copyRemoteUrl, quit: () => app.quit() },
    })
    return () => {
      stopNotifications()
      removeTray()
    }
  }
  let detach = await attach(station)

  /**
   * Bind address and port need a new listener: the station restarts in-process on the new settings
   * and the window follows it. If it cannot start there (port taken), the old settings come back.
   */
  const setListener = async (listener: Listener): Promise<{ url: string }> => {
    const restore = deps.saveListener(station.dataDir, listener)
    detach()
    await station.close()
    try {
      station = await deps.startStation(deps.loadConfig(app.getPath('userData')))
    } catch (error) {
      restore()
      station = await deps.startStation(deps.loadConfig(app.getPath('userData')))
      detach = await attach(station)
      throw error
    } finally {
      if (window && !window.isDestroyed()) void window.loadURL(station.url)
    }
    detach = await attach(station)
    return { url: station.url }
  }

  const stopIpc = registerDesktopIpc(
    deps.electron.ipcMain,
    {
      'app:version': () => app.getVersion(),
      'shell:open-logs-folder': openLogsFolder,
      'shell:reveal-data-dir': revealDataDir,
      'clipboard:copy-remote-url': copyRemoteUrl,
      'notify:show': notify,
      'settings:set-listener': setListener,
    },
    () => new URL(station.url).origin,
  )
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(deps.platform, {
        openLogsFolder: () => void openLogsFolder(),
        revealDataDir: () => void revealDataDir(),
        copyRemoteUrl,
        showAbout: () => app.showAboutPanel(),
      }),
    ),
  )

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
    stopIpc()
    detach()
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
