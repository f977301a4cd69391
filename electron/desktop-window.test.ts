import { describe, expect, it, vi } from 'vitest'
import { startDesktopApp } from './testing/desktop-harness.js'

describe('desktop window', () => {
  it('opens one isolated, sandboxed window without Node on the station URL', async () => {
    const { fake, log, configDir } = await startDesktopApp()
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

  it('keeps navigation on the station origin and sends web links to the OS browser', async () => {
    const { fake } = await startDesktopApp()
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

  it('stops a server redirect off the station origin and opens nothing for it', async () => {
    const { fake } = await startDesktopApp()
    const window = fake.windows[0]!
    expect(window.redirect('https://127.0.0.1:8443/login')).toBe(false)
    expect(window.redirect('https://example.org/phish')).toBe(true)
    expect(window.redirect('https://localhost:8443/')).toBe(true)
    expect(window.redirect('http://127.0.0.1:8443/')).toBe(true)
    expect(window.redirect('file:///etc/passwd')).toBe(true)
    expect(window.redirect('not a url')).toBe(true)
    expect(fake.opened).toEqual([])
  })

  it('reopens the window where it was and remembers where it is on quit', async () => {
    const savedState = { bounds: { x: 100, y: 50, width: 1100, height: 700 }, maximized: true }
    const { fake, saved } = await startDesktopApp({ savedState })
    const window = fake.windows[0]!
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 1100, height: 700 })
    expect(window.maximized).toBe(true)
    window.bounds = { x: 200, y: 60, width: 1000, height: 650 }
    window.listeners.get('move')!()
    fake.emit('before-quit', { preventDefault() {} })
    expect(saved.at(-1)).toEqual({ bounds: { x: 200, y: 60, width: 1000, height: 650 }, maximized: true })
  })

  it('focuses the existing window on a second launch instead of opening another', async () => {
    const { fake } = await startDesktopApp()
    fake.windows[0]!.minimized = true
    fake.emit('second-instance')
    await Promise.resolve()
    expect(fake.windows).toHaveLength(1)
    expect(fake.windows[0]!.minimized).toBe(false)
    expect(fake.windows[0]!.focused).toBe(1)
  })

  it('opens a new window from the tray once the old one is gone', async () => {
    const { fake } = await startDesktopApp()
    fake.windows[0]!.destroyed = true
    fake.trays[0]!.clickListener!()
    await vi.waitFor(() => expect(fake.windows).toHaveLength(2))
    expect(fake.windows[1]!.loadedUrl).toBe('https://127.0.0.1:8443')
  })

  it('quits when the last window closes, except on macOS', async () => {
    const linux = await startDesktopApp()
    linux.fake.emit('window-all-closed')
    expect(linux.fake.calls).toEqual(['quit'])
    const mac = await startDesktopApp({ platform: 'darwin' })
    mac.fake.emit('window-all-closed')
    expect(mac.fake.calls).toEqual([])
  })
})
