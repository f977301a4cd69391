// Sandboxed preloads must be CommonJS, hence .cts. Exposes one named, typed, read-only object.
import electron = require('electron')
import type { DesktopBridge } from '../server/contract/desktop-bridge.js'

const versionArgument = process.argv.find((arg) => arg.startsWith('--mfc-version='))

const bridge = { version: versionArgument?.slice('--mfc-version='.length) ?? 'unknown' } satisfies DesktopBridge

electron.contextBridge.exposeInMainWorld('mfcDesktop', Object.freeze(bridge))
