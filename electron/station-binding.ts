import type { RunningStation } from '../server/index.js'
import type { ElectronApi, SessionApi } from './electron-api.js'
import { notificationFor } from './notifications.js'
import { createStationTray } from './station-tray.js'
import type { TrayActions } from './tray-state.js'

/**
 * Binds the desktop to one running station: the window's session is signed in as the local operator,
 * the station's events raise desktop notifications, and the tray follows its state. Returns a function
 * that releases the notifications and the tray.
 */
export async function bindStation(
  electron: Pick<ElectronApi, 'Tray' | 'Menu'>,
  session: SessionApi,
  station: RunningStation,
  options: {
    trayIconDir: string
    notify: (notification: { title: string; body: string }) => void
    trayActions: Omit<TrayActions, 'startRun' | 'stopRun'>
  },
): Promise<() => void> {
  // The local operator is signed in by the main process: no password ever passes through the window.
  const cookie = station.localSession()
  await session.cookies.set({
    url: station.url,
    name: cookie.name,
    value: cookie.value,
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
  })
  const stopNotifications = station.onEvent((event) => {
    const notification = notificationFor(event)
    if (notification) options.notify(notification)
  })
  const removeTray = createStationTray(electron, station, {
    iconDir: options.trayIconDir,
    actions: options.trayActions,
  })
  return () => {
    stopNotifications()
    removeTray()
  }
}
