import type {
  BrowserWindowConstructorOptions,
  Certificate,
  CookiesSetDetails,
  HandlerDetails,
  MenuItemConstructorOptions,
  WindowOpenHandlerResponse,
} from 'electron'
import type { IpcMainApi } from './ipc.js'
import type { Rectangle, TrackedWindow } from './window-state.js'

/**
 * The slice of Electron the shell uses. main.ts passes the real module; tests pass a fake, so the
 * shell's logic runs under plain Node where no Electron binary exists.
 */
export type CertificateVerifyRequest = {
  hostname: string
  certificate: Certificate
  verificationResult: string
  errorCode: number
}

/** A navigation the page is about to make (`will-navigate`) or a server redirect within one (`will-redirect`). */
export type NavigationEvent = { url: string; preventDefault(): void }

export type WebContentsApi = {
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): unknown
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): unknown
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void
}

export type WindowApi = TrackedWindow & {
  loadURL(url: string): Promise<void>
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
  focus(): void
  maximize(): void
  isMinimized(): boolean
  restore(): void
  isDestroyed(): boolean
  webContents: WebContentsApi
}

export type SessionApi = {
  setCertificateVerifyProc(
    proc: ((request: CertificateVerifyRequest, callback: (verificationResult: number) => void) => void) | null,
  ): void
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void
  setPermissionCheckHandler(
    handler: ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | null,
  ): void
  cookies: { set(details: CookiesSetDetails): Promise<void> }
}

export type AppApi = {
  whenReady(): Promise<void>
  requestSingleInstanceLock(): boolean
  getVersion(): string
  getPath(name: 'userData' | 'logs'): string
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
  exit(code?: number): void
  showAboutPanel(): void
}

export type TrayApi = {
  setImage(path: string): void
  setToolTip(text: string): void
  setContextMenu(menu: unknown): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export type ElectronApi = {
  app: AppApi
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowApi
  session: { defaultSession: SessionApi }
  shell: { openExternal(url: string): Promise<void>; openPath(path: string): Promise<string> }
  ipcMain: IpcMainApi
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): unknown; setApplicationMenu(menu: unknown): void }
  Tray: new (imagePath: string) => TrayApi
  Notification: (new (options: { title: string; body: string }) => { show(): void }) & { isSupported(): boolean }
  clipboard: { writeText(text: string): void }
  screen: { getAllDisplays(): Array<{ workArea: Rectangle }> }
}
