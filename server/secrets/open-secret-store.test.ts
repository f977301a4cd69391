import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../logger.js'
import { createFileSecretStore, secretsFilePath } from './file-store.js'
import type { KeychainApi } from './keychain-store.js'
import { ensureSecret, openSecretStore, SecretStoreError } from './open-secret-store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-secrets-'))
  dirs.push(dir)
  return dir
}

function fakeKeychain(): KeychainApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    setPassword: async (service, account, password) => void entries.set(`${service}|${account}`, password),
    deletePassword: async (service, account) => entries.delete(`${service}|${account}`),
  }
}
const noKeychain = async (): Promise<KeychainApi> => {
  throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
}

describe('secret store selection', () => {
  it('uses the keychain when it answers, under service "mfc-station", scoped by data dir', async () => {
    const keychain = fakeKeychain()
    const store = await openSecretStore({
      mode: 'auto',
      dataDir: tempDir(),
      log: silentLogger,
      loadKeychain: async () => keychain,
    })
    expect(store.backend).toBe('keychain')
    const value = await ensureSecret(store, 'token-pepper')
    expect([...keychain.entries.keys()]).toEqual([expect.stringMatching(/^mfc-station\|[0-9a-f]{16}\/token-pepper$/)])
    expect(await ensureSecret(store, 'token-pepper')).toBe(value)
  })

  it('falls back to a 0600 file with a loud warning when no keychain is reachable', async () => {
    const dataDir = tempDir()
    const warnings: string[] = []
    const store = await openSecretStore({
      mode: 'auto',
      dataDir,
      log: { ...silentLogger, warn: (m) => warnings.push(m) },
      loadKeychain: noKeychain,
    })
    expect(store.backend).toBe('file')
    expect(store.warning).toContain('no OS keychain reachable')
    expect(warnings.join('\n')).toMatch(/SECURITY WARNING.*secrets\.json/)
    await ensureSecret(store, 'session-signing-key')
    expect(statSync(secretsFilePath(dataDir)).mode & 0o777).toBe(0o600)
  })

  it('treats a hung keychain as unreachable after the probe timeout', async () => {
    const hung: KeychainApi = {
      getPassword: () => new Promise(() => {}),
      setPassword: () => new Promise(() => {}),
      deletePassword: () => new Promise(() => {}),
    }
    const store = await openSecretStore({
      mode: 'auto',
      dataDir: tempDir(),
      log: silentLogger,
      loadKeychain: async () => hung,
      probeTimeoutMs: 50,
    })
    expect(store.backend).toBe('file')
  })

  it('makes a missing keychain a hard error in keychain mode', async () => {
    await expect(
      openSecretStore({ mode: 'keychain', dataDir: tempDir(), log: silentLogger, loadKeychain: noKeychain }),
    ).rejects.toThrow(SecretStoreError)
  })

  it('migrates file secrets into the keychain and deletes the file, and back when file mode is chosen', async () => {
    const dataDir = tempDir()
    const file = createFileSecretStore(dataDir)
    await file.set('token-pepper', 'pepper-1')
    const keychain = fakeKeychain()
    const store = await openSecretStore({
      mode: 'auto',
      dataDir,
      log: silentLogger,
      loadKeychain: async () => keychain,
    })
    expect(store.backend).toBe('keychain')
    expect(await store.get('token-pepper')).toBe('pepper-1')
    expect(existsSync(secretsFilePath(dataDir))).toBe(false)

    const back = await openSecretStore({ mode: 'file', dataDir, log: silentLogger, loadKeychain: async () => keychain })
    expect(back.backend).toBe('file')
    expect(await back.get('token-pepper')).toBe('pepper-1')
    expect(keychain.entries.size).toBe(0)
  })
})
