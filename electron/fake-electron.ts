import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron'
import type { CertificateVerifyRequest, ElectronApi, WindowApi } from './electron-api.js'

type Listener = (...args: never[]) => unknown

/** An in-memory stand-in for the slice of Electron the shell uses, recording what the shell did. */
export function createFakeElectron(options: { singleInstance?: boolean } = {}) {
  const appListeners = new Map<string, Listener[]>()
  const windows: FakeWindow[] = []
  const opened: string[] = []
  const calls: string[] = []
  let verifyProc: ((request: CertificateVerifyRequest, callback: (result: number) => void) => void) | null = null
  let permissionHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null

  class FakeWindow implements WindowApi {
    loadedUrl: string | undefined
    shown = false
    focused = 0
    minimized = false
    navigateListener: ((event: { preventDefault(): void }, url: string) => void) | undefined
    openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined

    constructor(readonly options: BrowserWindowConstructorOptions) {
      windows.push(this)
    }
    loadURL(url: string) {
      this.loadedUrl = url
      return Promise.resolve()
    }
    once(_event: 'ready-to-show', listener: () => void) {
      listener()
    }
    show() {
      this.shown = true
    }
    focus() {
      this.focused += 1
    }
    isMinimized() {
      return this.minimized
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
      },
    },
    shell: {
      openExternal: (url: string) => {
        opened.push(url)
        return Promise.resolve()
      },
    },
  } as unknown as ElectronApi

  return {
    electron,
    windows,
    opened,
    calls,
    emit(event: string, ...args: unknown[]) {
      for (const listener of appListeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args)
    },
    verify(hostname: string, certificatePem: string): Promise<number> {
      return new Promise((resolve) => verifyProc!({ hostname, certificate: { data: certificatePem } as CertificateVerifyRequest['certificate'], verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', errorCode: -202 }, resolve))
    },
    requestPermission(permission: string): Promise<boolean> {
      return new Promise((resolve) => permissionHandler!({}, permission, resolve))
    },
  }
}
