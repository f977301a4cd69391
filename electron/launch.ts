import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chooseLaunchMode } from './launch-mode.js'
import { ensureNativeModulesFor } from './native-abi.js'

// `npm start`: the desktop app where Electron can run, otherwise the same station headless.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const require = createRequire(import.meta.url)
const launch = chooseLaunchMode({
  resolveElectronBinary: () => require('electron') as string,
  env: process.env,
  platform: process.platform,
})

const [command, args] =
  launch.mode === 'electron'
    ? [launch.binary, [packageRoot, ...process.argv.slice(2)]]
    : [process.execPath, [join(packageRoot, 'dist', 'server', 'cli', 'main.js'), 'serve', ...process.argv.slice(2)]]
if (launch.mode === 'headless') console.error(`mfc-station: ${launch.reason}; running the headless station instead`)
// One node_modules serves both runtimes, so the native modules follow the runtime being started.
ensureNativeModulesFor(launch.mode === 'electron' ? 'electron' : 'node', {
  cwd: packageRoot,
  ...(launch.mode === 'electron' ? { electronBinary: launch.binary } : {}),
  log: (line) => console.error(line),
})

const child = spawn(command, args, { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0)
})
