import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'

/** The slice of a child process the fetch watches (a real one from `spawn`, a fake in tests). */
export type InstallerProcess = {
  stderr: Readable
  on(event: 'close', listener: (code: number | null) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  kill(): unknown
}

const runInstaller = (installScript: string, env: NodeJS.ProcessEnv): InstallerProcess =>
  spawn(process.execPath, [installScript], { stdio: ['ignore', 'ignore', 'pipe'], env })

export type BinaryFetch = {
  /** Electron's own installer (`install-electron`): exits 0 at once when the binary is there, else downloads it. */
  installScript: string
  /** Longest wait for the download before the launch gives up on Electron. */
  timeoutMs: number
  /** After this long, `notice` says why the start is slow (only a real download takes that long). */
  noticeAfterMs: number
  notice: (line: string) => void
  env?: NodeJS.ProcessEnv
  run?: typeof runInstaller
}

/**
 * Electron 42 and later fetch their binary at first launch instead of at install time
 * (docs/architecture-desktop.md "Launch"). The fetch runs in a child Node so that its progress and
 * stack traces stay out of the console: a failure becomes one line, and a download that hangs is bounded.
 */
export function fetchElectronBinary(fetch: BinaryFetch): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = (fetch.run ?? runInstaller)(fetch.installScript, fetch.env ?? process.env)
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const notice = setTimeout(() => fetch.notice("downloading Electron's binary (first launch)"), fetch.noticeAfterMs)
    let timedOut = false
    const limit = setTimeout(() => {
      timedOut = true
      child.kill()
    }, fetch.timeoutMs)
    const settle = (error?: Error) => {
      clearTimeout(notice)
      clearTimeout(limit)
      if (error) reject(error)
      else resolve()
    }
    child.on('error', (error) => settle(new Error(`its installer did not run: ${error.message}`)))
    child.on('close', (code) => {
      if (code === 0) return settle()
      if (timedOut)
        return settle(new Error(`its download did not finish within ${Math.round(fetch.timeoutMs / 1000)} s`))
      settle(new Error(`its download failed: ${firstLine(stderr) ?? `exit code ${code ?? 'none'}`}`))
    })
  })
}

/** The first non-empty line of an error report (the message, not the stack). */
function firstLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '')
}

/**
 * Electron's binary path, as `require('electron')` gives it under Node, after fetching the binary where it
 * is missing (at most 10 minutes; `notice` hears when a download makes the start slow).
 */
export async function resolveElectronBinary(notice: (line: string) => void): Promise<string> {
  const require = createRequire(import.meta.url)
  await fetchElectronBinary({
    installScript: require.resolve('electron/install.js'),
    timeoutMs: 10 * 60_000,
    noticeAfterMs: 3_000,
    notice,
  })
  return require('electron') as string
}
