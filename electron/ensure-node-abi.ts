import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureNativeModulesFor } from './native-abi.js'

// Run before the tests: after `npm start` launched Electron, the native modules are Electron's.
ensureNativeModulesFor('node', {
  cwd: join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  log: (line) => console.error(line),
})
