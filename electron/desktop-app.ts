import { join } from 'node:path'
import type { ListenerSettings, RunningStation, StationConfig } from '../server/index.js'
import { watchAppLifecycle } from './app-lifecycle.js'
import { createDesktopActions, installDesktopControls } from './desktop-actions.js'
import type { ElectronApi } from './electron-api.js'
import { guardSession } from './session-guards.js'
import { bindStation } from './station-binding.js'
import { startStationSlot } from './station-slot.js'
import { createMainWindow } from './window.js'
import type { WindowState } from './window-state.js'

export type DesktopDeps = {
  electron: ElectronApi
  platform: NodeJS.Platform
  loadConfig: (userDataDir: string) => StationConfig
  startStation: (config: StationConfig) => Promise<RunningStation>
  /** Persists a new listener in the station's config; returns a function that restores the old one. */
  saveListener: (dataDir: string, listener: ListenerSettings) => () => void
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

/**
 * The desktop app: one instance, the station core in-process, one window on its URL that trusts
 * exactly the station's certificate and is signed in as the local operator; menu, tray, desktop
 * notifications and the preload bridge. Returns false when another instance already runs.
 */
export async function runDesktopApp(deps: DesktopDeps): Promise<boolean> {
  const { electron } = deps
  const { app } = electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  await app.whenReady()

  const session = electron.session.defaultSession
  const window = createMainWindow(electron, {
    url: () => slot.current().url,
    preloadPath: join(deps.electronDir, 'preload.cjs'),
    version: app.getVersion(),
    windowState: deps.windowState,
  })
  const actions = createDesktopActions(electron, () => slot.current())
  const slot = await startStationSlot({
    start: () => deps.startStation(deps.loadConfig(app.getPath('userData'))),
    attach: (station) =>
      bindStation(electron, session, station, {
        trayIconDir: deps.trayIconDir,
        notify: actions.notify,
        trayActions: {
          openWindow: () => void window.show(),
          copyRemoteUrl: actions.copyRemoteUrl,
          quit: () => app.quit(),
        },
      }),
    saveListener: deps.saveListener,
    moved: window.follow,
  })
  guardSession(session, { fingerprint: () => slot.current().fingerprint })
  const stopControls = installDesktopControls(electron, deps.platform, actions, {
    origin: () => new URL(slot.current().url).origin,
    setListener: slot.moveListener,
  })
  watchAppLifecycle(app, {
    platform: deps.platform,
    showWindow: window.show,
    shutdown: {
      release: () => {
        window.flushState()
        stopControls()
      },
      stopStation: slot.close,
      timeoutMs: deps.shutdownTimeoutMs ?? 10_000,
      ...(deps.onError ? { onError: deps.onError } : {}),
    },
  })
  await window.show()
  return true
}
