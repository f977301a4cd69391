import { spawnSync } from 'node:child_process'

/** The station's native modules: compiled for one ABI at a time (Node's or Electron's). */
export const NATIVE_MODULES = ['better-sqlite3', '@github/keytar'] as const

export type Runner = (
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) => { status: number | null; stderr: string }

const run: Runner = (command, args, options) => {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  return { status: result.status, stderr: result.stderr ?? '' }
}

/** Loads each native module in a runtime (plain Node, or Electron run as Node) and lists those built for another ABI. */
export function modulesBuiltForAnotherAbi(
  runtime: { command: string; env?: NodeJS.ProcessEnv },
  cwd: string,
  runner: Runner = run,
): string[] {
  return NATIVE_MODULES.filter((name) => {
    const probe = runner(runtime.command, ['-e', `require(${JSON.stringify(name)})`], {
      cwd,
      ...(runtime.env ? { env: runtime.env } : {}),
    })
    return (
      probe.status !== 0 && /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|was compiled against a different/.test(probe.stderr)
    )
  })
}

/**
 * Makes the native modules loadable by the runtime about to start: `npm start` with Electron rebuilds
 * them for Electron (electron-builder install-app-deps, which needs the network for Electron's
 * headers), the headless station and the tests rebuild them for Node. Nothing happens when they
 * already fit. Returns what was rebuilt.
 */
export function ensureNativeModulesFor(
  target: 'node' | 'electron',
  options: { cwd: string; electronBinary?: string; log: (line: string) => void; runner?: Runner },
): string[] {
  const runner = options.runner ?? run
  const runtime =
    target === 'electron'
      ? { command: options.electronBinary ?? 'electron', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }
      : { command: process.execPath }
  const stale = modulesBuiltForAnotherAbi(runtime, options.cwd, runner)
  if (stale.length === 0) return []
  options.log(
    `mfc-station: rebuilding ${stale.join(', ')} for ${target === 'electron' ? 'Electron' : `Node ${process.version}`}`,
  )
  const rebuild =
    target === 'electron'
      ? runner('npx', ['electron-builder', 'install-app-deps'], { cwd: options.cwd })
      : runner('npm', ['rebuild', ...stale], { cwd: options.cwd })
  if (rebuild.status !== 0)
    throw new Error(
      `rebuilding ${stale.join(', ')} for ${target} failed: ${rebuild.stderr.trim().split('\n').at(-1) ?? 'no output'}`,
    )
  return stale
}
