import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../testing/station-fixture.js'
import { missingSecretServiceParts, startSecretService, type SecretService } from '../testing/secret-service.js'
import { KEYCHAIN_SERVICE, keychainAccount, loadKeytar } from './keychain-store.js'
import { ensureSecret, openSecretStore } from './open-secret-store.js'

// A real Secret Service (gnome-keyring on a private D-Bus session). Missing parts fail this test in CI
// and are reported (never skipped silently) elsewhere.
const missing = missingSecretServiceParts()
if (missing.length > 0 && process.env['CI'] !== 'true') console.warn(`SKIPPING keychain tests: missing ${missing.join(', ')}`)

describe.skipIf(missing.length > 0 && process.env['CI'] !== 'true')('keytar backend against a real Secret Service', () => {
  let service: SecretService | undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-keychain-'))
  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`the keychain tests need ${missing.join(', ')}`)
    service = await startSecretService()
    // libsecret connects to the session bus named here on first use in this (per-file) test process.
    process.env['DBUS_SESSION_BUS_ADDRESS'] = service.address
  })
  afterAll(() => {
    service?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates secrets in the keychain under "mfc-station" and reads them back', async () => {
    const store = await openSecretStore({ mode: 'keychain', dataDir, log: silentLogger })
    expect(store.backend).toBe('keychain')
    const pepper = await ensureSecret(store, 'token-pepper')
    const keytar = await loadKeytar()
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(dataDir, 'token-pepper'))).toBe(pepper)
    await store.delete('token-pepper')
    expect(await store.get('token-pepper')).toBeUndefined()
  })
})
