import type { BrowserWindowConstructorOptions } from 'electron'
import type { ElectronApi, WindowApi } from './electron-api.js'
import { isExternalWebUrl, isStationUrl } from './navigation.js'
import { MIN_SIZE, type WindowState } from './window-state.js'

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

/** Opens the station UI; navigation stays on the station origin, other web links go to the OS browser. */
export async function openMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow' | 'shell'>,
  options: { url: string; preloadPath: string; version: string; state: WindowState },
): Promise<WindowApi> {
  const origin = new URL(options.url).origin
  const window = new electron.BrowserWindow(mainWindowOptions(options.preloadPath, options.version, options.state))
  const openOutside = (url: string) => {
    if (isExternalWebUrl(url)) void electron.shell.openExternal(url)
  }
  window.webContents.on('will-navigate', (event, url) => {
    if (isStationUrl(url, origin)) return
    event.preventDefault()
    openOutside(url)
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
