import type { MenuItemConstructorOptions } from 'electron'

export type MenuActions = {
  openLogsFolder(): void
  revealDataDir(): void
  copyRemoteUrl(): void
  showAbout(): void
}

/** The native menu: the platform's usual roles plus the station's own help entries. */
export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Open Logs Folder', click: actions.openLogsFolder },
      { label: 'Reveal Data Folder', click: actions.revealDataDir },
      { label: 'Copy Remote-Access URL', click: actions.copyRemoteUrl },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { label: 'About MFC Station', click: actions.showAbout },
          ] as MenuItemConstructorOptions[])),
    ],
  }
  return [
    ...(mac
      ? ([{ role: 'appMenu' }] as MenuItemConstructorOptions[])
      : ([{ role: 'fileMenu' }] as MenuItemConstructorOptions[])),
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    help,
  ]
}
