import type { BrowserWindowConstructorOptions, Certificate, HandlerDetails, WindowOpenHandlerResponse } from 'electron'

/**
 * The slice of Electron the shell uses. main.ts passes the real module; tests pass a fake, so the
 * shell's logic runs under plain Node where no Electron binary exists.
 */
export type CertificateVerifyRequest = { hostname: string; certificate: Certificate; verificationResult: string; errorCode: number }

export type WebContentsApi = {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void
}

export type WindowApi = {
  loadURL(url: string): Promise<void>
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
  focus(): void
  isMinimized(): boolean
  restore(): void
  webContents: WebContentsApi
}

export type SessionApi = {
  setCertificateVerifyProc(proc: ((request: CertificateVerifyRequest, callback: (verificationResult: number) => void) => void) | null): void
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void
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
}

export type ElectronApi = {
  app: AppApi
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowApi
  session: { defaultSession: SessionApi }
  shell: { openExternal(url: string): Promise<void> }
}
