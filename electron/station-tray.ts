import { join } from 'node:path'
import type { RunningStation } from '../server/index.js'
import type { ElectronApi } from './electron-api.js'
import { buildTrayMenu, trayStateOf, trayTooltip, type TrayActions, type TrayState } from './tray-state.js'

/**
 * The tray icon: reflects run state and active alarms from the station's events, and offers the
 * quick actions. Returns a function that removes it.
 */
export function createStationTray(
  electron: Pick<ElectronApi, 'Tray' | 'Menu'>,
  station: Pick<RunningStation, 'url' | 'onEvent' | 'simulation'>,
  options: { iconDir: string; actions: Omit<TrayActions, 'startRun' | 'stopRun'> },
): () => void {
  const icon = (state: TrayState) => join(options.iconDir, `${state}.png`)
  const activeAlarms = new Set<string>()
  const tray = new electron.Tray(icon('stopped'))
  const refresh = () => {
    const runState = station.simulation.status().state
    const state = trayStateOf(runState, activeAlarms.size)
    tray.setImage(icon(state))
    tray.setToolTip(trayTooltip(state, activeAlarms.size, station.url))
    tray.setContextMenu(electron.Menu.buildFromTemplate(buildTrayMenu(runState, actions)))
  }
  const actions: TrayActions = {
    ...options.actions,
    startRun: () => {
      station.simulation.start()
      refresh()
    },
    stopRun: () => {
      station.simulation.stop()
      refresh()
    },
  }
  const unsubscribe = station.onEvent((event) => {
    // Active means raised and not cleared, acknowledged or not: the tray shows that something is wrong now.
    if (event.kind === 'alarm' && event.action === 'raised') activeAlarms.add(event.id)
    if (event.kind === 'alarm' && event.action === 'cleared') activeAlarms.delete(event.id)
    refresh()
  })
  tray.on('click', options.actions.openWindow)
  refresh()
  return () => {
    unsubscribe()
    tray.destroy()
  }
}
