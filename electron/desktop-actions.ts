import type { ListenerSettings, RunningStation } from '../server/index.js'
import type { ElectronApi } from './electron-api.js'
import { registerDesktopIpc } from './ipc.js'
import { buildMenuTemplate } from './menu.js'

/** What the desktop offers besides the page: the bridge's functions, the Help menu and the tray share them. */
export type DesktopActions = {
  notify(notification: { title: string; body: string }): void
  copyRemoteUrl(): string
  openLogsFolder(): Promise<void>
  revealDataDir(): Promise<void>
}

/** The desktop actions, always on the station that runs now. */
export function createDesktopActions(
  electron: Pick<ElectronApi, 'app' | 'shell' | 'Notification' | 'clipboard'>,
  station: () => RunningStation,
): DesktopActions {
  return {
    notify: (notification) => {
      if (electron.Notification.isSupported()) new electron.Notification(notification).show()
    },
    copyRemoteUrl: () => {
      electron.clipboard.writeText(station().url)
      return station().url
    },
    openLogsFolder: async () => void (await electron.shell.openPath(electron.app.getPath('logs'))),
    revealDataDir: async () => void (await electron.shell.openPath(station().dataDir)),
  }
}

/**
 * Installs the ways in to those actions: the preload bridge's IPC channels (answered only for the
 * station's own origin) and the native menu. Returns a function that removes the IPC handlers.
 */
export function installDesktopControls(
  electron: Pick<ElectronApi, 'app' | 'ipcMain' | 'Menu'>,
  platform: NodeJS.Platform,
  actions: DesktopActions,
  station: { origin: () => string; setListener: (listener: ListenerSettings) => Promise<{ url: string }> },
): () => void {
  const { app, Menu } = electron
  const stopIpc = registerDesktopIpc(
    electron.ipcMain,
    {
      'app:version': () => app.getVersion(),
      'shell:open-logs-folder': actions.openLogsFolder,
      'shell:reveal-data-dir': actions.revealDataDir,
      'clipboard:copy-remote-url': actions.copyRemoteUrl,
      'notify:show': actions.notify,
      'settings:set-listener': station.setListener,
    },
    station.origin,
  )
  const menu = buildMenuTemplate(platform, {
    openLogsFolder: () => void actions.openLogsFolder(),
    revealDataDir: () => void actions.revealDataDir(),
    copyRemoteUrl: actions.copyRemoteUrl,
    showAbout: () => app.showAboutPanel(),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))
  return stopIpc
}
