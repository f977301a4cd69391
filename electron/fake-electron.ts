import type {
  BrowserWindowConstructorOptions,
  CookiesSetDetails,
  HandlerDetails,
  MenuItemConstructorOptions,
  WindowOpenHandlerResponse,
} from 'electron'
import type { CertificateVerifyRequest, ElectronApi, WindowApi } from './electron-api.js'
import type { IpcSender } from './ipc.js'
import type { Rectangle } from './window-state.js'

type Listener = (...args: never[]) => unknown

/** An in-memory stand-in for the slice of Electron the shell uses, recording what the shell did. */
export function createFakeElectron(options: { singleInstance?: boolean; notificationsSupported?: boolean } = {}) {
  const appListeners = new Map<string, Listener[]>()
  const windows: FakeWindow[] = []
  const opened: string[] = []
  const openedPaths: string[] = []
  const calls: string[] = []
  const cookies: CookiesSetDetails[] = []
  const notifications: Array<{ title: string; body: string }> = []
  const clipboard: string[] = []
  const ipcHandlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>()
  const trays: FakeTray[] = []
  let applicationMenu: MenuItemConstructorOptions[] | undefined
  let verifyProc: ((request: CertificateVerifyRequest, callback: (result: number) => void) => void) | null = null
  let permissionHandler:
    ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null

  class FakeWindow implements WindowApi {
    loadedUrl: string | undefined
    shown = false
    focused = 0
    minimized = false
    maximized = false
    destroyed = false
    bounds: Rectangle
    listeners = new Map<string, () => void>()
    navigateListener: ((event: { preventDefault(): void }, url: string) => void) | undefined
    openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined

    constructor(readonly options: BrowserWindowConstructorOptions) {
      this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 0, height: options.height ?? 0 }
      windows.push(this)
    }
    loadURL(url: string) {
      this.loadedUrl = url
      return Promise.resolve()
    }
    once(_event: 'ready-to-show', listener: () => void) {
      listener()
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener)
    }
    show() {
      this.shown = true
    }
    focus() {
      this.focused += 1
    }
    maximize() {
      this.maximized = true
    }
    isMaximized() {
      return this.maximized
    }
    getNormalBounds() {
      return this.bounds
    }
    isMinimized() {
      return this.minimized
    }
    isDestroyed() {
      return this.destroyed
    }
    restore() {
      this.minimized = false
    }
    webContents = {
      on: (_event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void) => {
        this.navigateListener = listener
      },
      setWindowOpenHandler: (handler: (details: HandlerDetails) => WindowOpenHandlerResponse) => {
        this.openHandler = handler
      },
    }
    /** Simulates a navigation attempt; returns true when the shell prevented it. */
    navigate(url: string): boolean {
      let prevented = false
      this.navigateListener?.({ preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    openWindow(url: string): WindowOpenHandlerResponse | undefined {
      return this.openHandler?.({ url } as HandlerDetails)
    }
  }

  class FakeTray {
    image: string
    tooltip = ''
    menu: MenuItemConstructorOptions[] = []
    destroyed = false
    clickListener: (() => void) | undefined
    constructor(image: string) {
      this.image = image
      trays.push(this)
    }
    setImage(path: string) {
      this.image = path
    }
    setToolTip(text: string) {
      this.tooltip = text
    }
    setContextMenu(menu: unknown) {
      this.menu = menu as MenuItemConstructorOptions[]
    }
    on(_event: 'click', listener: () => void) {
      this.clickListener = listener
    }
    destroy() {
      this.destroyed = true
    }
  }

  class FakeNotification {
    constructor(readonly options: { title: string; body: string }) {}
    show() {
      notifications.push(this.options)
    }
    static isSupported() {
      return options.notificationsSupported ?? true
    }
  }

  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      getVersion: () => '9.9.9',
      getPath: (name: string) => `/fake/${name}`,
      on: (event: string, listener: Listener) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener])
      },
      quit: () => calls.push('quit'),
      exit: (code?: number) => calls.push(`exit:${code ?? 0}`),
      showAboutPanel: () => calls.push('about'),
    },
    BrowserWindow: FakeWindow,
    session: {
      defaultSession: {
        setCertificateVerifyProc: (proc: typeof verifyProc) => {
          verifyProc = proc
        },
        setPermissionRequestHandler: (handler: typeof permissionHandler) => {
          permissionHandler = handler
        },
        cookies: {
          set: (details: CookiesSetDetails) => {
            cookies.push(details)
            return Promise.resolve()
          },
        },
      },
    },
    shell: {
      openExternal: (url: string) => {
        opened.push(url)
        return Promise.resolve()
      },
      openPath: (path: string) => {
        openedPaths.push(path)
        return Promise.resolve('')
      },
    },
    ipcMain: {
      handle: (channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown) =>
        void ipcHandlers.set(channel, listener),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (menu: unknown) => {
        applicationMenu = menu as MenuItemConstructorOptions[]
      },
    },
    Tray: FakeTray,
    Notification: FakeNotification,
    clipboard: { writeText: (text: string) => void clipboard.push(text) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  } as unknown as ElectronApi

  return {
    electron,
    windows,
    opened,
    openedPaths,
    calls,
    cookies,
    notifications,
    clipboard,
    ipcHandlers,
    trays,
    applicationMenu: () => applicationMenu,
    emit(event: string, ...args: unknown[]) {
      for (const listener of appListeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args)
    },
    verify(hostname: string, certificatePem: string): Promise<number> {
      return new Promise((resolve) =>
        verifyProc!(
          {
            hostname,
            certificate: { data: certificatePem } as CertificateVerifyRequest['certificate'],
            verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID',
            errorCode: -202,
          },
          resolve,
        ),
      )
    },
    requestPermission(permission: string): Promise<boolean> {
      return new Promise((resolve) => permissionHandler!({}, permission, resolve))
    },
  }
}
