import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { click, startDesktopApp } from './testing/desktop-harness.js'
import { alarmEvent } from './testing/alarm-event.js'

describe('desktop bridge and menu', () => {
  it('serves the preload bridge only to the station page', async () => {
    const { ipc, fake } = await startDesktopApp()
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

  it('installs the native menu with the station help entries', async () => {
    const { fake } = await startDesktopApp()
    const help = fake.applicationMenu()!.find((item) => item.role === 'help')!.submenu as MenuItemConstructorOptions[]
    click(help, 'Open Logs Folder')
    await Promise.resolve()
    expect(fake.openedPaths).toEqual(['/fake/logs'])
  })
})

describe('tray and notifications', () => {
  it('shows alarms in the tray and as notifications, and clears them', async () => {
    const { fake, emit } = await startDesktopApp()
    const tray = fake.trays[0]!
    expect(tray.image).toBe('/app/resources/tray/running.png')
    emit(alarmEvent('raised', 2))
    expect(tray.image).toBe('/app/resources/tray/alarm.png')
    expect(tray.tooltip).toContain('1 alarm active')
    expect(fake.notifications).toEqual([
      {
        title: 'Alarm: Cell 2: voltage reversal: the cell is driven below 0 V',
        body: 'Raised at 1.0 h of run time. Acknowledge it on the Overview page.',
      },
    ])
    emit(alarmEvent('cleared', 2))
    expect(tray.image).toBe('/app/resources/tray/running.png')
    expect(fake.notifications).toHaveLength(1)
  })

  it('starts and stops the run from the tray menu', async () => {
    const { fake, log } = await startDesktopApp()
    const tray = fake.trays[0]!
    click(tray.menu, 'Stop Run')
    expect(log).toContain('sim.stop')
    expect(tray.image).toBe('/app/resources/tray/stopped.png')
    click(tray.menu, 'Start Run')
    expect(log).toContain('sim.start')
    expect(tray.image).toBe('/app/resources/tray/running.png')
  })

  it('sends no notification where the OS has none', async () => {
    const { fake, emit } = await startDesktopApp({ notifications: false })
    emit(alarmEvent('raised', 1))
    expect(fake.notifications).toEqual([])
  })
})

describe('station listener', () => {
  it('moves the listener without restarting the app: new station, new cookie and tray, window follows', async () => {
    const { fake, log, ipc, stations } = await startDesktopApp()
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
    const { fake, log, ipc } = await startDesktopApp({ busyPorts: [9443] })
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
})
