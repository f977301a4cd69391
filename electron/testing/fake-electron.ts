import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron'
import type { ElectronApi } from '../electron-api.js'
import type { IpcSender } from '../ipc.js'
import { createFakeApp } from './fake-app.js'
import { createFakeSession } from './fake-session.js'
import { FakeTray } from './fake-tray.js'
import { FakeWindow } from './fake-window.js'

/** An in-memory stand-in for the slice of Electron the shell uses, recording what the shell did. */
export function createFakeElectron(options: { singleInstance?: boolean; notificationsSupported?: boolean } = {}) {
  const fakeApp = createFakeApp(options)
  const fakeSession = createFakeSession()
  const windows: FakeWindow[] = []
  const trays: FakeTray[] = []
  const opened: string[] = []
  const openedPaths: string[] = []
  const notifications: Array<{ title: string; body: string }> = []
  const clipboard: string[] = []
  const ipcHandlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>()
  let applicationMenu: MenuItemConstructorOptions[] | undefined

  const electron: ElectronApi = {
    app: fakeApp.app,
    BrowserWindow: class extends FakeWindow {
      constructor(windowOptions: BrowserWindowConstructorOptions) {
        super(windowOptions)
        windows.push(this)
      }
    },
    session: { defaultSession: fakeSession.session },
    shell: {
      openExternal: (url) => Promise.resolve(void opened.push(url)),
      openPath: (path) => Promise.resolve(void openedPaths.push(path)).then(() => ''),
    },
    ipcMain: {
      handle: (channel, listener) => void ipcHandlers.set(channel, listener),
      removeHandler: (channel) => void ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template) => template,
      setApplicationMenu: (menu) => void (applicationMenu = menu as MenuItemConstructorOptions[]),
    },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image)
        trays.push(this)
      }
    },
    Notification: Object.assign(
      class {
        constructor(readonly notification: { title: string; body: string }) {}
        show() {
          notifications.push(this.notification)
        }
      },
      { isSupported: () => options.notificationsSupported ?? true },
    ),
    clipboard: { writeText: (text) => void clipboard.push(text) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  }

  return {
    ...fakeSession,
    electron,
    windows,
    trays,
    opened,
    openedPaths,
    notifications,
    clipboard,
    ipcHandlers,
    calls: fakeApp.calls,
    emit: fakeApp.emit,
    applicationMenu: () => applicationMenu,
  }
}
