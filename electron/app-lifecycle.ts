import type { AppApi } from './electron-api.js'

export type Shutdown = {
  /** Releases what the app holds besides the station (window state, IPC, tray); runs at once. */
  release(): void
  /** Stops the station: simulation, streams, servers. */
  stopStation(): Promise<void>
  /** Upper bound for `stopStation` before the app exits anyway. */
  timeoutMs: number
  onError?: (message: string, error: unknown) => void
}

/**
 * The app's life beyond its window: a second launch or the macOS dock icon shows the window, closing
 * the last window quits except on macOS (where the app and the station keep running), and quitting
 * releases everything, then stops the station within a time bound.
 */
export function watchAppLifecycle(
  app: AppApi,
  options: { platform: NodeJS.Platform; showWindow: () => Promise<void>; shutdown: Shutdown },
): void {
  app.on('second-instance', () => void options.showWindow())
  app.on('activate', () => void options.showWindow())
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit()
  })
  let shuttingDown = false
  app.on('before-quit', (event) => {
    if (shuttingDown) return
    shuttingDown = true
    event.preventDefault()
    const { shutdown } = options
    shutdown.release()
    const timeout = setTimeout(() => app.exit(1), shutdown.timeoutMs)
    shutdown.stopStation().then(
      () => {
        clearTimeout(timeout)
        app.exit(0)
      },
      (error: unknown) => {
        shutdown.onError?.('station shutdown failed', error)
        clearTimeout(timeout)
        app.exit(1)
      },
    )
  })
}
