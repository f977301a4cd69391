import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from './load.js'

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-config-'))
  const path = join(dir, 'config.json')
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const noFile = () => false

describe('loadConfig precedence: defaults < file < env < flags', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig({ env: { HOME: '/home/op' }, fileExists: noFile })
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(8443)
    expect(config.sim).toEqual({ tickHz: 10, speed: 600, autoStart: true })
    expect(config.logLevel).toBe('info')
  })

  it('lets the file override defaults, env override the file, and flags override env', () => {
    const file = configFile({ port: 9000, host: '0.0.0.0', sim: { tickHz: 5, speed: 10 } })
    const fromFile = loadConfig({ configFile: file, env: {} })
    expect(fromFile).toMatchObject({ port: 9000, host: '0.0.0.0', sim: { tickHz: 5, speed: 10 } })

    const fromEnv = loadConfig({ configFile: file, env: { MFC_PORT: '9100', MFC_SIM_TICK_HZ: '20' } })
    expect(fromEnv).toMatchObject({ port: 9100, host: '0.0.0.0', sim: { tickHz: 20, speed: 10 } })

    const fromFlags = loadConfig({ configFile: file, env: { MFC_PORT: '9100' }, flags: { port: 9200, sim: { speed: 1 } } })
    expect(fromFlags).toMatchObject({ port: 9200, host: '0.0.0.0', sim: { tickHz: 5, speed: 1 } })
  })

  it('accepts the reference system name MFC_HTTPS_API_PORT, with MFC_PORT taking precedence', () => {
    expect(loadConfig({ env: { MFC_HTTPS_API_PORT: '8600' }, fileExists: noFile }).port).toBe(8600)
    expect(loadConfig({ env: { MFC_HTTPS_API_PORT: '8600', MFC_PORT: '8700' }, fileExists: noFile }).port).toBe(8700)
  })

  it('reads config.json from the data dir when no file is named', () => {
    const file = configFile({ logLevel: 'debug' })
    const dataDir = join(file, '..')
    expect(loadConfig({ env: { MFC_DATA_DIR: dataDir } }).logLevel).toBe('debug')
    expect(loadConfig({ env: { MFC_CONFIG: file } }).logLevel).toBe('debug')
  })

  it('resolves the data dir to an absolute path', () => {
    expect(loadConfig({ flags: { dataDir: 'relative/dir' }, env: {}, fileExists: noFile }).dataDir).toMatch(/^\/.*relative\/dir$/)
  })
})

describe('loadConfig errors name the key and what it accepts', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['port out of range', () => loadConfig({ flags: { port: 70000 }, env: {}, fileExists: noFile }), /port: .*65535/],
    ['env port not a number', () => loadConfig({ env: { MFC_PORT: 'eighty' }, fileExists: noFile }), /MFC_PORT: expected a number, got "eighty"/],
    ['unknown log level', () => loadConfig({ flags: { logLevel: 'loud' }, env: {}, fileExists: noFile }), /logLevel: .*"error"\|"warn"\|"info"\|"verbose"\|"debug"/],
    ['unknown key in file', () => loadConfig({ configFile: configFile({ prot: 1 }), env: {} }), /unknown key\(s\) "prot"/],
    ['unknown nested key', () => loadConfig({ configFile: configFile({ sim: { hz: 1 } }), env: {} }), /unknown key\(s\) "hz" in sim/],
    ['invalid JSON file', () => loadConfig({ configFile: configFile('{ port: 1'), env: {} }), /is not valid JSON/],
    ['missing file', () => loadConfig({ configFile: '/nonexistent/mfc.json', env: {} }), /cannot read config file \/nonexistent\/mfc.json: ENOENT/],
    ['zero tick rate', () => loadConfig({ flags: { sim: { tickHz: 0 } }, env: {}, fileExists: noFile }), /sim.tickHz/],
  ]
  it.each(cases)('%s', (_name, load, message) => {
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(message)
  })
})
