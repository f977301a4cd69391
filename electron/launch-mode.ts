import { existsSync } from 'node:fs'

export type LaunchMode = { mode: 'electron'; binary: string } | { mode: 'headless'; reason: string }

export type LaunchEnvironment = {
  /** What `require('electron')` gives under plain Node: the binary's path, or it throws when none was installed. */
  resolveElectronBinary: () => string
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  fileExists?: (path: string) => boolean
}

/** `npm start` runs the desktop app where it can, and says in one line why it runs headless where it cannot. */
export function chooseLaunchMode(environment: LaunchEnvironment): LaunchMode {
  const fileExists = environment.fileExists ?? existsSync
  let binary: string
  try {
    binary = environment.resolveElectronBinary()
  } catch (error) {
    return { mode: 'headless', reason: `no Electron binary is installed (${(error as Error).message.split('\n')[0]})` }
  }
  if (!fileExists(binary)) return { mode: 'headless', reason: `the Electron binary ${binary} does not exist` }
  if (environment.platform === 'linux' && !environment.env['DISPLAY'] && !environment.env['WAYLAND_DISPLAY']) {
    return { mode: 'headless', reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  return { mode: 'electron', binary }
}
