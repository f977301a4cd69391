import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { buildMenuTemplate } from './menu.js'
import { notificationFor } from './notifications.js'
import { buildTrayMenu, trayStateOf, trayTooltip } from './tray-state.js'
import { alarmEvent } from './testing/alarm-event.js'

const noop = () => {}
const labels = (items: MenuItemConstructorOptions[]) => items.map((item) => item.label ?? item.role ?? item.type)

describe('native menu', () => {
  it('uses the platform roles and puts the station entries under Help', () => {
    const linux = buildMenuTemplate('linux', {
      openLogsFolder: noop,
      revealDataDir: noop,
      copyRemoteUrl: noop,
      showAbout: noop,
    })
    expect(labels(linux)).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu', 'help'])
    expect(labels(linux.at(-1)!.submenu as MenuItemConstructorOptions[])).toEqual([
      'Open Logs Folder',
      'Reveal Data Folder',
      'Copy Remote-Access URL',
      'separator',
      'About MFC Station',
    ])
    const mac = buildMenuTemplate('darwin', {
      openLogsFolder: noop,
      revealDataDir: noop,
      copyRemoteUrl: noop,
      showAbout: noop,
    })
    expect(labels(mac)[0]).toBe('appMenu')
    expect(labels(mac.at(-1)!.submenu as MenuItemConstructorOptions[])).not.toContain('About MFC Station')
  })

  it('wires the help entries to their actions', () => {
    const called: string[] = []
    const menu = buildMenuTemplate('linux', {
      openLogsFolder: () => called.push('logs'),
      revealDataDir: () => called.push('data'),
      copyRemoteUrl: () => called.push('url'),
      showAbout: () => called.push('about'),
    })
    for (const item of menu.at(-1)!.submenu as MenuItemConstructorOptions[])
      (item.click as (() => void) | undefined)?.()
    expect(called).toEqual(['logs', 'data', 'url', 'about'])
  })
})

describe('tray', () => {
  it.each([
    ['running', 0, 'running'],
    ['paused', 0, 'stopped'],
    ['idle', 0, 'stopped'],
    ['finished', 0, 'stopped'],
    ['running', 2, 'alarm'],
    ['stopped', 1, 'alarm'],
  ] as const)('%s with %i alarms shows %s', (runState, alarms, expected) => {
    expect(trayStateOf(runState, alarms)).toBe(expected)
  })

  it('describes the state and the URL in the tooltip', () => {
    expect(trayTooltip('alarm', 1, 'https://127.0.0.1:8443')).toBe(
      'MFC Station: 1 alarm active\nhttps://127.0.0.1:8443',
    )
    expect(trayTooltip('alarm', 3, 'u')).toContain('3 alarms active')
    expect(trayTooltip('running', 0, 'u')).toContain('simulation running')
  })

  it('offers stop while a run is on and start otherwise', () => {
    const actions = { openWindow: noop, startRun: noop, stopRun: noop, copyRemoteUrl: noop, quit: noop }
    expect(labels(buildTrayMenu('running', actions))).toEqual([
      'Open MFC Station',
      'separator',
      'Stop Run',
      'Copy Remote-Access URL',
      'separator',
      'Quit',
    ])
    expect(labels(buildTrayMenu('paused', actions))).toContain('Stop Run')
    expect(labels(buildTrayMenu('stopped', actions))).toContain('Start Run')
  })
})

describe('notifications', () => {
  it('notifies raised alarms and finished runs only', () => {
    expect(notificationFor(alarmEvent('raised', 3))).toEqual({
      title: 'Alarm: Cell 3: voltage reversal: the cell is driven below 0 V',
      body: 'Raised at 1.0 h of run time. Acknowledge it on the Overview page.',
    })
    expect(notificationFor(alarmEvent('raised', 3, 'medium'))?.title).toMatch(/^Warning: /)
    expect(notificationFor({ ...alarmEvent('raised', 3), shelved: true })).toBeUndefined()
    expect(notificationFor(alarmEvent('cleared', 3))).toBeUndefined()
    expect(notificationFor({ kind: 'run-state', runId: 'r', state: 'finished' })).toMatchObject({
      title: 'Run finished',
    })
    expect(notificationFor({ kind: 'run-state', runId: 'r', state: 'running' })).toBeUndefined()
    expect(notificationFor({ kind: 'controller', controller: 'pid' })).toBeUndefined()
  })

  it('notifies certificate warnings and failing services', () => {
    const certificate = (alert: 'expiry' | 'renewal-failed', severity: 'info' | 'warning' | 'critical', days: number) =>
      notificationFor({ kind: 'certificate', alert, severity, message: `${alert} ${severity}`, daysLeft: days })
    expect(certificate('expiry', 'warning', 7)).toEqual({
      title: 'Certificate expires in 7 days',
      body: 'expiry warning',
    })
    expect(certificate('expiry', 'critical', 1)).toMatchObject({ title: 'Certificate expires in 1 day' })
    expect(certificate('renewal-failed', 'warning', 20)).toEqual({
      title: 'Certificate problem',
      body: 'renewal-failed warning',
    })
    expect(certificate('expiry', 'info', 30)).toBeUndefined()
    expect(notificationFor({ kind: 'service', service: 'recorder', status: 'failing', message: 'disk full' })).toEqual({
      title: 'Station service recorder is failing',
      body: 'disk full',
    })
    expect(
      notificationFor({ kind: 'service', service: 'recorder', status: 'restarted', message: 'restart 1' }),
    ).toBeUndefined()
  })
})
