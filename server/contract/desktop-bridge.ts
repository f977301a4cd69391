/** The object the desktop window's preload exposes as `window.mfcDesktop`; absent in remote browsers. */
export type DesktopBridge = {
  readonly version: string
}
