import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveElectronBinary } from './electron-binary.js'
import { chooseLaunchMode } from './launch-mode.js'
import { ensureNativeModulesFor } from './native-abi.js'

// `npm start`: the desktop app where Electron can run, otherwise the same station headless. Nothing here
// imports the core, whose native modules may still be built for the other runtime.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const say = (line: string) => console.error(`mfc-station: ${line}`)
const launch = await chooseLaunchMode({
  resolveElectronBinary: () => resolveElectronBinary(say),
  env: process.env,
  platform: process.platform,
})

const [command, args] =
  launch.mode === 'electron'
    ? [launch.binary, [packageRoot, ...process.argv.slice(2)]]
    : [process.execPath, [join(packageRoot, 'dist', 'server', 'cli', 'main.js'), 'serve', ...process.argv.slice(2)]]
if (launch.mode === 'headless') say(`${launch.reason}; running the headless station instead`)
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
