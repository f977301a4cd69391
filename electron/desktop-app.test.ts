import { describe, expect, it } from 'vitest'
import { generateSelfSigned } from '../server/tls/self-signed.js'
import { describeCertificate } from '../server/tls/certificate.js'
import type { RunningStation, StationConfig } from '../server/index.js'
import { VERIFY } from './certificate-pin.js'
import { runDesktopApp } from './desktop-app.js'
import { createFakeElectron } from './fake-electron.js'

const stationPair = await generateSelfSigned()
const otherPair = await generateSelfSigned()
const station = describeCertificate(stationPair.keyPem, stationPair.certPem)

function fakeStation(events: string[], close: () => Promise<void> = async () => {}): RunningStation {
  return {
    url: 'https://127.0.0.1:8443',
    port: 8443,
    fingerprint: station.fingerprint256,
    certificatePem: station.certPem,
    version: '9.9.9',
    localSession: () => ({ name: '__Host-mfc_session', value: 'test' }),
    close: async () => {
      events.push('station.close')
      await close()
    },
  }
}

async function startApp(options: { singleInstance?: boolean; close?: () => Promise<void>; shutdownTimeoutMs?: number } = {}) {
  const fake = createFakeElectron({ singleInstance: options.singleInstance ?? true })
  const events: string[] = []
  let configDir: string | undefined
  const started = await runDesktopApp({
    electron: fake.electron,
    loadConfig: (dir) => {
      configDir = dir
      return { dataDir: dir } as StationConfig
    },
    startStation: async () => {
      events.push('station.start')
      return fakeStation(events, options.close)
    },
    electronDir: '/app/dist/electron',
    ...(options.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
  })
  return { fake, events, started, configDir }
}

describe('desktop app with an injected Electron', () => {
  it('opens one isolated, sandboxed window without Node on the station URL', async () => {
    const { fake, events, configDir } = await startApp()
    expect(events).toEqual(['station.start'])
    expect(configDir).toBe('/fake/userData')
    expect(fake.windows).toHaveLength(1)
    const window = fake.windows[0]!
    expect(window.loadedUrl).toBe('https://127.0.0.1:8443')
    expect(window.shown).toBe(true)
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    })
  })

  it('trusts exactly the station certificate on the station hosts', async () => {
    const { fake } = await startApp()
    expect(await fake.verify('127.0.0.1', station.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('localhost', station.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('127.0.0.1', otherPair.certPem)).toBe(VERIFY.reject)
    expect(await fake.verify('localhost', 'not a certificate')).toBe(VERIFY.reject)
    // Elsewhere the station's certificate earns no trust: Chromium verifies as usual.
    expect(await fake.verify('example.org', station.certPem)).toBe(VERIFY.useChromium)
  })

  it('denies every web permission request', async () => {
    const { fake } = await startApp()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) expect(await fake.requestPermission(permission)).toBe(false)
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
    const { fake, events, started } = await startApp({ singleInstance: false })
    expect(started).toBe(false)
    expect(events).toEqual([])
    expect(fake.calls).toEqual(['quit'])
  })

  it('stops the station before the app exits', async () => {
    const { fake, events } = await startApp()
    let prevented = false
    fake.emit('before-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(events).toEqual(['station.start', 'station.close'])
    expect(fake.calls).toEqual(['exit:0'])
  })

  it('exits anyway when the station does not stop within the timeout', async () => {
    const { fake } = await startApp({ close: () => new Promise(() => {}), shutdownTimeoutMs: 20 })
    fake.emit('before-quit', { preventDefault() {} })
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(fake.calls).toEqual(['exit:1'])
  })
})
