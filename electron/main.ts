import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as electron from 'electron'
import { loadConfig, startStation } from '../server/index.js'
import { runDesktopApp } from './desktop-app.js'

// Composition root of the desktop app: everything with logic lives in modules tested under Node.
runDesktopApp({
  electron,
  // The desktop keeps its data in the OS's per-user app folder unless MFC_DATA_DIR says otherwise.
  loadConfig: (userData) => loadConfig({ env: process.env, flags: process.env['MFC_DATA_DIR'] ? {} : { dataDir: join(userData, 'station') } }),
  startStation,
  electronDir: dirname(fileURLToPath(import.meta.url)),
  onError: (message, error) => console.error(`mfc-station: ${message}`, error),
}).catch((error: unknown) => {
  console.error(`mfc-station: the desktop app could not start: ${(error as Error).message}`)
  electron.app.exit(1)
})
