import { describe, expect, it } from 'vitest'
import { ensureNativeModulesFor, modulesBuiltForAnotherAbi, type Runner } from './native-abi.js'
import { packageRoot } from '../server/index.js'

const abiError =
  "Error: The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 140. This version of Node.js requires NODE_MODULE_VERSION 115."

function scripted(failing: string[], rebuildStatus = 0) {
  const calls: string[][] = []
  const runner: Runner = (command, args) => {
    calls.push([command, ...args])
    if (args[0] === '-e')
      return failing.some((name) => args[1]!.includes(name))
        ? { status: 1, stderr: abiError }
        : { status: 0, stderr: '' }
    return { status: rebuildStatus, stderr: rebuildStatus === 0 ? '' : 'gyp ERR! stack Error: not found: make' }
  }
  return { runner, calls }
}

describe('native module ABI', () => {
  it('finds that the real native modules load under this Node', () => {
    expect(modulesBuiltForAnotherAbi({ command: process.execPath }, packageRoot())).toEqual([])
  })

  it('does nothing when every module fits', () => {
    const { runner, calls } = scripted([])
    expect(ensureNativeModulesFor('node', { cwd: '/app', log: () => {}, runner })).toEqual([])
    expect(calls.every((call) => call[1] === '-e')).toBe(true)
  })

  it('rebuilds only the modules built for another ABI, for Node with npm rebuild', () => {
    const { runner, calls } = scripted(['better-sqlite3'])
    const lines: string[] = []
    expect(ensureNativeModulesFor('node', { cwd: '/app', log: (l) => lines.push(l), runner })).toEqual([
      'better-sqlite3',
    ])
    expect(calls.at(-1)).toEqual(['npm', 'rebuild', 'better-sqlite3'])
    expect(lines[0]).toMatch(/^mfc-station: rebuilding better-sqlite3 for Node v/)
  })

  it('rebuilds for Electron with electron-builder install-app-deps, probing with ELECTRON_RUN_AS_NODE', () => {
    const { runner, calls } = scripted(['better-sqlite3', '@github/keytar'])
    expect(
      ensureNativeModulesFor('electron', { cwd: '/app', electronBinary: '/opt/electron', log: () => {}, runner }),
    ).toEqual(['better-sqlite3', '@github/keytar'])
    expect(calls[0]![0]).toBe('/opt/electron')
    expect(calls.at(-1)).toEqual(['npx', 'electron-builder', 'install-app-deps'])
  })

  it('ignores a module that fails for another reason, and reports a failed rebuild in one line', () => {
    const other: Runner = (_c, args) =>
      args[0] === '-e'
        ? { status: 1, stderr: 'Error: libsecret-1.so.0: cannot open shared object file' }
        : { status: 0, stderr: '' }
    expect(ensureNativeModulesFor('node', { cwd: '/app', log: () => {}, runner: other })).toEqual([])
    const { runner } = scripted(['better-sqlite3'], 1)
    expect(() => ensureNativeModulesFor('node', { cwd: '/app', log: () => {}, runner })).toThrow(
      'rebuilding better-sqlite3 for node failed: gyp ERR! stack Error: not found: make',
    )
  })
})
