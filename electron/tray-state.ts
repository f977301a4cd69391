import type { MenuItemConstructorOptions } from 'electron'
import type { RunState } from '../server/contract/simulation.js'

export type TrayState = 'running' | 'stopped' | 'alarm'

/** What the tray shows: an alarm outranks everything, then whether the simulation is running. */
export function trayStateOf(runState: RunState, activeAlarms: number): TrayState {
  if (activeAlarms > 0) return 'alarm'
  return runState === 'running' ? 'running' : 'stopped'
}

export function trayTooltip(state: TrayState, activeAlarms: number, url: string): string {
  const headline =
    state === 'alarm'
      ? `${activeAlarms} alarm${activeAlarms === 1 ? '' : 's'} active`
      : state === 'running'
        ? 'simulation running'
        : 'simulation stopped'
  return `MFC Station: ${headline}\n${url}`
}

export type TrayActions = {
  openWindow(): void
  startRun(): void
  stopRun(): void
  copyRemoteUrl(): void
  quit(): void
}

/** Quick actions; start or stop depending on the run's state. */
export function buildTrayMenu(runState: RunState, actions: TrayActions): MenuItemConstructorOptions[] {
  const running = runState === 'running' || runState === 'paused'
  return [
    { label: 'Open MFC Station', click: actions.openWindow },
    { type: 'separator' },
    running ? { label: 'Stop Run', click: actions.stopRun } : { label: 'Start Run', click: actions.startRun },
    { label: 'Copy Remote-Access URL', click: actions.copyRemoteUrl },
    { type: 'separator' },
    { label: 'Quit', click: actions.quit },
  ]
}
