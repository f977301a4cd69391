import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { saveListenerSettings } from './listener-settings.js'
import { ConfigError, loadConfig } from './load.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-listener-'))
  dirs.push(dir)
  return dir
}

describe('saveListenerSettings', () => {
  it('writes host and port into the data dir config, keeping other keys, and loadConfig picks them up', () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ logLevel: 'debug', port: 8443 }))
    saveListenerSettings(dataDir, { host: '0.0.0.0', port: 9443 })
    expect(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'))).toEqual({
      logLevel: 'debug',
      port: 9443,
      host: '0.0.0.0',
    })
    expect(loadConfig({ env: { MFC_DATA_DIR: dataDir } })).toMatchObject({
      host: '0.0.0.0',
      port: 9443,
      logLevel: 'debug',
    })
  })

  it('restores the previous file on rollback, or an empty one when there was none', () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'config.json'), '{"port":8443}\n')
    saveListenerSettings(dataDir, { host: '127.0.0.1', port: 9000 })()
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe('{"port":8443}\n')
    const fresh = tempDir()
    saveListenerSettings(fresh, { host: '127.0.0.1', port: 9000 })()
    expect(JSON.parse(readFileSync(join(fresh, 'config.json'), 'utf8'))).toEqual({})
  })

  it('refuses an invalid port and changes nothing', () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'config.json'), '{"port":8443}\n')
    expect(() => saveListenerSettings(dataDir, { host: '127.0.0.1', port: 70_000 })).toThrow(ConfigError)
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe('{"port":8443}\n')
  })
})
