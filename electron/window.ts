import type { BrowserWindowConstructorOptions } from 'electron'
import type { ElectronApi, WindowApi } from './electron-api.js'
import { isExternalWebUrl, isStationUrl } from './navigation.js'
import { MIN_SIZE, restoreWindowState, trackWindowState, type WindowState } from './window-state.js'

/** Electron security checklist: isolated, sandboxed renderer without Node, web security on. */
export function mainWindowOptions(
  preloadPath: string,
  version: string,
  state: WindowState,
): BrowserWindowConstructorOptions {
  return {
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'MFC Station',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      additionalArguments: [`--mfc-version=${version}`],
    },
  }
}

/**
 * Opens the station UI. Navigation stays on the station origin and other web links go to the OS
 * browser; a server redirect off the origin is stopped, never handed to the OS browser, since the
 * page did not choose it (docs/architecture-desktop.md "Guards").
 */
export async function openMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow' | 'shell'>,
  options: { url: string; preloadPath: string; version: string; state: WindowState },
): Promise<WindowApi> {
  const origin = new URL(options.url).origin
  const window = new electron.BrowserWindow(mainWindowOptions(options.preloadPath, options.version, options.state))
  const openOutside = (url: string) => {
    if (isExternalWebUrl(url)) void electron.shell.openExternal(url)
  }
  window.webContents.on('will-navigate', (details) => {
    if (isStationUrl(details.url, origin)) return
    details.preventDefault()
    openOutside(details.url)
  })
  window.webContents.on('will-redirect', (details) => {
    if (!isStationUrl(details.url, origin)) details.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (!isStationUrl(url, origin)) openOutside(url)
    return { action: 'deny' }
  })
  window.once('ready-to-show', () => {
    if (options.state.maximized) window.maximize()
    window.show()
  })
  await window.loadURL(options.url)
  return window
}

export type MainWindow = {
  /** Focuses the window, or opens it where it was last time (on a screen that still exists). */
  show(): Promise<void>
  /** Moves the open window to the station's new URL. */
  follow(url: string): void
  /** Saves where the window is now. */
  flushState(): void
}

/** The app's one main window, which may be closed and reopened while the app runs. */
export function createMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow' | 'shell' | 'screen'>,
  options: {
    url: () => string
    preloadPath: string
    version: string
    windowState: { read(): unknown; write(state: WindowState): void }
  },
): MainWindow {
  let window: WindowApi | undefined
  let flushState = () => {}
  const open = () => (window && !window.isDestroyed() ? window : undefined)
  return {
    show: async () => {
      const existing = open()
      if (existing) {
        if (existing.isMinimized()) existing.restore()
        existing.focus()
        return
      }
      const displays = electron.screen.getAllDisplays().map((display) => display.workArea)
      const state = restoreWindowState(options.windowState.read(), displays)
      const { preloadPath, version } = options
      window = await openMainWindow(electron, { url: options.url(), preloadPath, version, state })
      flushState = trackWindowState(window, options.windowState.write)
    },
    follow: (url) => void open()?.loadURL(url),
    flushState: () => flushState(),
  }
}
