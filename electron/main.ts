import { join } from 'node:path'
import * as electron from 'electron'
import shellLog from 'electron-log/main'
import { loadConfig, packageRoot, saveListenerSettings, startStation } from '../server/index.js'
import { runDesktopApp } from './desktop-app.js'
import { readJsonFile, writeJsonFile } from './json-file.js'

// Composition root of the desktop app: everything with logic lives in modules tested under Node.
const root = packageRoot()
const windowStatePath = () => join(electron.app.getPath('userData'), 'window-state.json')

// One rotating log in the OS log folder for the shell and the core (electron-log's main entry).
shellLog.transports.file.maxSize = 5 * 1024 * 1024
shellLog.errorHandler.startCatching()

runDesktopApp({
  electron,
  platform: process.platform,
  // The desktop keeps its data in the OS's per-user app folder unless MFC_DATA_DIR says otherwise.
  loadConfig: (userData) =>
    loadConfig({ env: process.env, flags: process.env['MFC_DATA_DIR'] ? {} : { dataDir: join(userData, 'station') } }),
  startStation: (config) => {
    shellLog.transports.file.level = config.logLevel
    shellLog.transports.console.level = config.logLevel
    return startStation(config, { log: shellLog.scope('station') })
  },
  saveListener: saveListenerSettings,
  electronDir: join(root, 'dist', 'electron'),
  trayIconDir: join(root, 'resources', 'tray'),
  windowState: {
    read: () => readJsonFile(windowStatePath()),
    write: (state) => writeJsonFile(windowStatePath(), state),
  },
  onError: (message, error) => shellLog.error(message, error),
}).catch((error: unknown) => {
  shellLog.error(`the desktop app could not start: ${(error as Error).message}`)
  electron.app.exit(1)
})
