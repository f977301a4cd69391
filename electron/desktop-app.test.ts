import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { generateSelfSigned } from '../server/tls/self-signed.js'
import { describeCertificate } from '../server/tls/certificate.js'
import type { RunningStation, StationConfig } from '../server/index.js'
import type { RunState } from '../server/contract/simulation.js'
import type { StationEvent } from '../server/contract/stream.js'
import { VERIFY } from './certificate-pin.js'
import { runDesktopApp } from './desktop-app.js'
import { createFakeElectron } from './fake-electron.js'
import type { WindowState } from './window-state.js'

const stationPair = await generateSelfSigned()
const renewedPair = await generateSelfSigned()
const otherPair = await generateSelfSigned()
const served = describeCertificate(stationPair.keyPem, stationPair.certPem)
const renewed = describeCertificate(renewedPair.keyPem, renewedPair.certPem)

/** A station stand-in whose certificate, run state and events the test controls. */
function fakeStation(log: string[], close: () => Promise<void>, url = 'https://127.0.0.1:8443') {
  const listeners = new Set<(event: StationEvent) => void>()
  let runState: RunState = 'running'
  let certificate = served
  const status = () => ({ state: runState }) as ReturnType<RunningStation['simulation']['status']>
  const station = {
    url,
    port: Number(new URL(url).port),
    get fingerprint() {
      return certificate.fingerprint256
    },
    get certificatePem() {
      return certificate.certPem
    },
    version: '9.9.9',
    dataDir: '/var/lib/station',
    logsDir: '/var/lib/station/logs',
    localSession: () => ({ name: '__Host-mfc_session', value: `local-operator-token-${url}` }),
    onEvent(listener: (event: StationEvent) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    simulation: {
      status,
      start: () => {
        log.push('sim.start')
        runState = 'running'
        return status()
      },
      stop: () => {
        log.push('sim.stop')
        runState = 'stopped'
        return status()
      },
    },
    close: async () => {
      log.push(`station.close ${url}`)
      await close()
    },
    setupRequired: () => false,
    adminName: () => 'admin',
  } satisfies RunningStation
  return {
    station,
    emit: (event: StationEvent) => listeners.forEach((listener) => listener(event)),
    renew: () => (certificate = renewed),
    listenerCount: () => listeners.size,
  }
}

async function startApp(
  options: {
    singleInstance?: boolean
    close?: () => Promise<void>
    shutdownTimeoutMs?: number
    platform?: NodeJS.Platform
    savedState?: unknown
    notifications?: boolean
    busyPorts?: number[]
  } = {},
) {
  const fake = createFakeElectron({
    singleInstance: options.singleInstance ?? true,
    notificationsSupported: options.notifications ?? true,
  })
  const log: string[] = []
  const saved: WindowState[] = []
  // The listener as the station's config file holds it.
  let listener = { host: '127.0.0.1', port: 8443 }
  const stations: Array<ReturnType<typeof fakeStation>> = []
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
      const next = fakeStation(log, options.close ?? (async () => {}), `https://${config.host}:${config.port}`)
      stations.push(next)
      return next.station
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
    renew: () => first?.renew(),
    listenerCount: () => first?.listenerCount() ?? 0,
  }
}

const click = (items: MenuItemConstructorOptions[], label: string) =>
  (items.find((item) => item.label === label)!.click as () => void)()

describe('desktop app with an injected Electron', () => {
  it('opens one isolated, sandboxed window without Node on the station URL', async () => {
    const { fake, log, configDir } = await startApp()
    expect(log).toEqual(['station.start 8443'])
    expect(configDir).toBe('/fake/userData')
    expect(fake.windows).toHaveLength(1)
    const window = fake.windows[0]!
    expect(window.loadedUrl).toBe('https://127.0.0.1:8443')
    expect(window.shown).toBe(true)
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    })
  })

  it('signs the window in as the local operator with a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    const { fake } = await startApp()
    expect(fake.cookies).toEqual([
      {
        url: 'https://127.0.0.1:8443',
        name: '__Host-mfc_session',
        value: 'local-operator-token-https://127.0.0.1:8443',
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
      },
    ])
  })

  it('trusts exactly the station certificate on the station hosts, following a renewal', async () => {
    const { fake, renew } = await startApp()
    expect(await fake.verify('127.0.0.1', served.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('localhost', served.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('127.0.0.1', otherPair.certPem)).toBe(VERIFY.reject)
    expect(await fake.verify('localhost', 'not a certificate')).toBe(VERIFY.reject)
    // Elsewhere the station's certificate earns no trust: Chromium verifies as usual.
    expect(await fake.verify('example.org', served.certPem)).toBe(VERIFY.useChromium)
    renew()
    expect(await fake.verify('127.0.0.1', renewed.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('127.0.0.1', served.certPem)).toBe(VERIFY.reject)
  })

  it('denies every web permission request', async () => {
    const { fake } = await startApp()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      expect(await fake.requestPermission(permission)).toBe(false)
  })

  it('keeps navigation on the station origin and sends web links to the OS browser', async () => {
    const { fake } = await startApp()
    const window = fake.windows[0]!
    expect(window.navigate('https://127.0.0.1:8443/other')).toBe(false)
    expect(window.navigate('https://127.0.0.1:9999/')).toBe(true)
    expect(window.navigate('https://example.org/docs')).toBe(true)
    expect(window.navigate('file:///etc/passwd')).toBe(true)
    expect(window.openWindow('https://example.org/help')).toEqual({ action: 'deny' })
    expect(window.openWindow('https://127.0.0.1:8443/popup')).toEqual({ action: 'deny' })
    expect(window.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(fake.opened).toEqual(['https://127.0.0.1:9999/', 'https://example.org/docs', 'https://example.org/help'])
  })

  it('serves the preload bridge only to the station page', async () => {
    const { ipc, fake } = await startApp()
    expect(await ipc('app:version', 'https://127.0.0.1:8443/')).toBe('9.9.9')
    await ipc('shell:reveal-data-dir', 'https://127.0.0.1:8443/')
    await ipc('shell:open-logs-folder', 'https://127.0.0.1:8443/')
    expect(fake.openedPaths).toEqual(['/var/lib/station', '/fake/logs'])
    expect(await ipc('clipboard:copy-remote-url', 'https://127.0.0.1:8443/')).toBe('https://127.0.0.1:8443')
    expect(fake.clipboard).toEqual(['https://127.0.0.1:8443'])
    await ipc('notify:show', 'https://127.0.0.1:8443/', { title: 'Hello', body: 'from the page' })
    expect(fake.notifications).toEqual([{ title: 'Hello', body: 'from the page' }])
    expect(() => ipc('app:version', 'https://evil.example/')).toThrow(/not the station/)
  })

  it('shows alarms in the tray and as notifications, and clears them', async () => {
    const { fake, emit } = await startApp()
    const tray = fake.trays[0]!
    expect(tray.image).toBe('/app/resources/tray/running.png')
    emit({ kind: 'alarm', cell: 1, alarm: 'voltage-reversal', raised: true, simTimeS: 3600 })
    expect(tray.image).toBe('/app/resources/tray/alarm.png')
    expect(tray.tooltip).toContain('1 alarm active')
    expect(fake.notifications).toEqual([
      { title: 'Cell 2: voltage reversal', body: 'Raised at 1.0 h of simulated time.' },
    ])
    emit({ kind: 'alarm', cell: 1, alarm: 'voltage-reversal', raised: false, simTimeS: 7200 })
    expect(tray.image).toBe('/app/resources/tray/running.png')
    expect(fake.notifications).toHaveLength(1)
  })

  it('starts and stops the run from the tray menu', async () => {
    const { fake, log } = await startApp()
    const tray = fake.trays[0]!
    click(tray.menu, 'Stop Run')
    expect(log).toContain('sim.stop')
    expect(tray.image).toBe('/app/resources/tray/stopped.png')
    click(tray.menu, 'Start Run')
    expect(log).toContain('sim.start')
    expect(tray.image).toBe('/app/resources/tray/running.png')
  })

  it('sends no notification where the OS has none', async () => {
    const { fake, emit } = await startApp({ notifications: false })
    emit({ kind: 'alarm', cell: 0, alarm: 'substrate-depleted', raised: true, simTimeS: 60 })
    expect(fake.notifications).toEqual([])
  })

  it('installs the native menu with the station help entries', async () => {
    const { fake } = await startApp()
    const help = fake.applicationMenu()!.find((item) => item.role === 'help')!.submenu as MenuItemConstructorOptions[]
    click(help, 'Open Logs Folder')
    await Promise.resolve()
    expect(fake.openedPaths).toEqual(['/fake/logs'])
  })

  it('reopens the window where it was and remembers where it is on quit', async () => {
    const savedState = { bounds: { x: 100, y: 50, width: 1100, height: 700 }, maximized: true }
    const { fake, saved } = await startApp({ savedState })
    const window = fake.windows[0]!
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 1100, height: 700 })
    expect(window.maximized).toBe(true)
    window.bounds = { x: 200, y: 60, width: 1000, height: 650 }
    window.listeners.get('move')!()
    fake.emit('before-quit', { preventDefault() {} })
    expect(saved.at(-1)).toEqual({ bounds: { x: 200, y: 60, width: 1000, height: 650 }, maximized: true })
  })

  it('moves the listener without restarting the app: new station, new cookie and tray, window follows', async () => {
    const { fake, log, ipc, stations } = await startApp()
    const reply = await ipc('settings:set-listener', 'https://127.0.0.1:8443/', { host: '0.0.0.0', port: 9443 })
    expect(reply).toEqual({ url: 'https://0.0.0.0:9443' })
    expect(log).toEqual([
      'station.start 8443',
      'save /var/lib/station 0.0.0.0:9443',
      'station.close https://127.0.0.1:8443',
      'station.start 9443',
    ])
    expect(fake.windows[0]!.loadedUrl).toBe('https://0.0.0.0:9443')
    expect(fake.cookies.at(-1)).toMatchObject({
      url: 'https://0.0.0.0:9443',
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    })
    expect(fake.trays.map((tray) => tray.destroyed)).toEqual([true, false])
    expect(stations[0]!.listenerCount()).toBe(0)
    // IPC now answers the station's new origin only.
    expect(() => ipc('app:version', 'https://127.0.0.1:8443/')).toThrow(/not the station/)
    expect(await ipc('app:version', 'https://0.0.0.0:9443/')).toBe('9.9.9')
  })

  it('puts the old listener back when the new one cannot start', async () => {
    const { fake, log, ipc } = await startApp({ busyPorts: [9443] })
    await expect(
      ipc('settings:set-listener', 'https://127.0.0.1:8443/', { host: '127.0.0.1', port: 9443 }),
    ).rejects.toThrow('port 9443 on 127.0.0.1 is already in use')
    expect(log).toEqual([
      'station.start 8443',
      'save /var/lib/station 127.0.0.1:9443',
      'station.close https://127.0.0.1:8443',
      'restore',
      'station.start 8443',
    ])
    expect(fake.windows[0]!.loadedUrl).toBe('https://127.0.0.1:8443')
    expect(fake.trays.filter((tray) => !tray.destroyed)).toHaveLength(1)
  })

  it('focuses the existing window on a second launch instead of opening another', async () => {
    const { fake } = await startApp()
    fake.windows[0]!.minimized = true
    fake.emit('second-instance')
    await Promise.resolve()
    expect(fake.windows).toHaveLength(1)
    expect(fake.windows[0]!.minimized).toBe(false)
    expect(fake.windows[0]!.focused).toBe(1)
  })

  it('quits at once when another instance holds the lock, without starting a station', async () => {
    const { fake, log, started } = await startApp({ singleInstance: false })
    expect(started).toBe(false)
    expect(log).toEqual([])
    expect(fake.calls).toEqual(['quit'])
  })

  it('quits when the last window closes, except on macOS', async () => {
    const linux = await startApp()
    linux.fake.emit('window-all-closed')
    expect(linux.fake.calls).toEqual(['quit'])
    const mac = await startApp({ platform: 'darwin' })
    mac.fake.emit('window-all-closed')
    expect(mac.fake.calls).toEqual([])
  })

  it('releases tray, IPC and listeners, then stops the station before the app exits', async () => {
    const { fake, log, listenerCount } = await startApp()
    let prevented = false
    fake.emit('before-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    expect(fake.trays[0]!.destroyed).toBe(true)
    expect(fake.ipcHandlers.size).toBe(0)
    expect(listenerCount()).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(log).toEqual(['station.start 8443', 'station.close https://127.0.0.1:8443'])
    expect(fake.calls).toEqual(['exit:0'])
  })

  it('exits anyway when the station does not stop within the timeout', async () => {
    const { fake } = await startApp({ close: () => new Promise(() => {}), shutdownTimeoutMs: 20 })
    fake.emit('before-quit', { preventDefault() {} })
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(fake.calls).toEqual(['exit:1'])
  })
})
