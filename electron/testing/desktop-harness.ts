import type { MenuItemConstructorOptions } from 'electron'
import type { StationConfig } from '../../server/index.js'
import type { StationEvent } from '../../server/contract/stream.js'
import { runDesktopApp } from '../desktop-app.js'
import type { WindowState } from '../window-state.js'
import { testCertificate } from './certificates.js'
import { createFakeElectron } from './fake-electron.js'
import { createFakeStation } from './fake-station.js'

/** The certificate every harness station serves until the test replaces it. */
export const servedCertificate = await testCertificate()

export type HarnessOptions = {
  singleInstance?: boolean
  close?: () => Promise<void>
  shutdownTimeoutMs?: number
  platform?: NodeJS.Platform
  savedState?: unknown
  notifications?: boolean
  /** Ports on which starting a station fails as if they were taken. */
  busyPorts?: number[]
}

/**
 * Runs the desktop app on a fake Electron with fake stations. `log` records station starts, closes,
 * simulation commands and listener saves in order; `saved` the window states written.
 */
export async function startDesktopApp(options: HarnessOptions = {}) {
  const fake = createFakeElectron({
    singleInstance: options.singleInstance ?? true,
    notificationsSupported: options.notifications ?? true,
  })
  const log: string[] = []
  const saved: WindowState[] = []
  // The listener as the station's config file holds it.
  let listener = { host: '127.0.0.1', port: 8443 }
  const stations: Array<ReturnType<typeof createFakeStation>> = []
  let configDir: string | undefined
  const started = await runDesktopApp({
    electron: fake.electron,
    platform: options.platform ?? 'linux',
    loadConfig: (dir) => {
      configDir = dir
      return { dataDir: dir, host: listener.host, port: listener.port } as StationConfig
    },
    startStation: async (config) => {
      if (options.busyPorts?.includes(config.port))
        throw new Error(`port ${config.port} on ${config.host} is already in use`)
      log.push(`station.start ${config.port}`)
      const url = `https://${config.host}:${config.port}`
      const close = options.close ?? (async () => {})
      stations.push(createFakeStation({ log, url, certificate: servedCertificate, close }))
      return stations.at(-1)!.station
    },
    saveListener: (dataDir, next) => {
      log.push(`save ${dataDir} ${next.host}:${next.port}`)
      const previous = listener
      listener = next
      return () => {
        log.push('restore')
        listener = previous
      }
    },
    electronDir: '/app/dist/electron',
    trayIconDir: '/app/resources/tray',
    windowState: { read: () => options.savedState, write: (state) => void saved.push(state) },
    ...(options.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
  })
  const ipc = (channel: string, url: string, ...args: unknown[]) =>
    fake.ipcHandlers.get(channel)!({ senderFrame: { url } }, ...args)
  const first = stations[0]
  return {
    fake,
    log,
    saved,
    started,
    configDir,
    ipc,
    stations,
    emit: (event: StationEvent) => first?.emit(event),
    listenerCount: () => first?.listenerCount() ?? 0,
  }
}

/** Clicks the menu item with this label. */
export const click = (items: MenuItemConstructorOptions[], label: string) =>
  (items.find((item) => item.label === label)!.click as () => void)()
