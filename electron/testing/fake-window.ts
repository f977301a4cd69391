import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron'
import type { NavigationEvent, WindowApi } from '../electron-api.js'
import type { Rectangle } from '../window-state.js'

type NavigationKind = 'will-navigate' | 'will-redirect'

/**
 * A BrowserWindow stand-in that records what the shell did to it; `navigate`, `redirect` and
 * `openWindow` play the page's part and report what the shell's handlers decided.
 */
export class FakeWindow implements WindowApi {
  loadedUrl: string | undefined
  shown = false
  focused = 0
  minimized = false
  maximized = false
  destroyed = false
  bounds: Rectangle
  readonly listeners = new Map<string, () => void>()
  private readonly navigationListeners = new Map<NavigationKind, (details: NavigationEvent) => void>()
  private openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined

  constructor(readonly options: BrowserWindowConstructorOptions) {
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 0, height: options.height ?? 0 }
  }

  readonly webContents = {
    on: (event: NavigationKind, listener: (details: NavigationEvent) => void) =>
      void this.navigationListeners.set(event, listener),
    setWindowOpenHandler: (handler: (details: HandlerDetails) => WindowOpenHandlerResponse) => {
      this.openHandler = handler
    },
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

  /** The page starts a navigation; true when the shell prevented it. */
  navigate(url: string): boolean {
    return this.emitNavigation('will-navigate', url)
  }
  /** The server redirects a navigation; true when the shell prevented it. */
  redirect(url: string): boolean {
    return this.emitNavigation('will-redirect', url)
  }
  /** The page asks for a new window; the shell's answer. */
  openWindow(url: string): WindowOpenHandlerResponse | undefined {
    return this.openHandler?.({ url } as HandlerDetails)
  }

  // Without a listener nothing is prevented, as in Electron.
  private emitNavigation(kind: NavigationKind, url: string): boolean {
    let prevented = false
    this.navigationListeners.get(kind)?.({ url, preventDefault: () => (prevented = true) })
    return prevented
  }
}
