// Sandboxed preloads must be CommonJS (hence .cts) and can require nothing but electron, so the
// channel names are repeated here; the types tie them to the declarations in the contract.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS is what a sandboxed preload runs
import electron = require('electron')
import type { DesktopBridge, DesktopChannel, DesktopReplies } from '../server/contract/desktop-bridge.js'

const invoke = <C extends DesktopChannel>(channel: C, ...args: unknown[]) =>
  electron.ipcRenderer.invoke(channel, ...args) as Promise<DesktopReplies[C]>

const versionArgument = process.argv.find((arg) => arg.startsWith('--mfc-version='))

const bridge = {
  version: versionArgument?.slice('--mfc-version='.length) ?? 'unknown',
  openLogsFolder: () => invoke('shell:open-logs-folder'),
  revealDataDir: () => invoke('shell:reveal-data-dir'),
  copyRemoteUrl: () => invoke('clipboard:copy-remote-url'),
  notify: (notification) => invoke('notify:show', notification),
  setListener: (listener) => invoke('settings:set-listener', listener),
} satisfies DesktopBridge

electron.contextBridge.exposeInMainWorld('mfcDesktop', Object.freeze(bridge))
