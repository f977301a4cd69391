import { existsSync } from 'node:fs'

export type LaunchMode = { mode: 'electron'; binary: string } | { mode: 'headless'; reason: string }

export type LaunchEnvironment = {
  /** Electron's binary path, fetched first where it is missing; rejects when it cannot be had. */
  resolveElectronBinary: () => Promise<string>
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  fileExists?: (path: string) => boolean
}

/**
 * `npm start` runs the desktop app where it can, and says in one line why it runs headless where it cannot.
 * The display comes first: a machine without one never downloads a binary it could not show.
 */
export async function chooseLaunchMode(environment: LaunchEnvironment): Promise<LaunchMode> {
  if (environment.platform === 'linux' && !environment.env['DISPLAY'] && !environment.env['WAYLAND_DISPLAY']) {
    return { mode: 'headless', reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  const fileExists = environment.fileExists ?? existsSync
  let binary: string
  try {
    binary = await environment.resolveElectronBinary()
  } catch (error) {
    return { mode: 'headless', reason: `no Electron binary is installed (${(error as Error).message.split('\n')[0]})` }
  }
  if (!fileExists(binary)) return { mode: 'headless', reason: `the Electron binary ${binary} does not exist` }
  return { mode: 'electron', binary }
}
