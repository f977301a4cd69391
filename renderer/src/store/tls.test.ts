import { describe, expect, it } from 'vitest'
import type { TlsBackup } from '../../../server/contract/tls'
import { ApiError } from '../api/http-client'
import type { LogKind } from './event-log'
import { backupFilename, certificateLevel, createTlsStore, parseBackupFile } from './tls'

describe('certificate badge level', () => {
  it.each([
    [365, 'ok'],
    [31, 'ok'],
    [30, 'warn'],
    [8, 'warn'],
    [7, 'bad'],
    [-1, 'bad'],
  ] as const)('%i days left is %s', (days, level) => expect(certificateLevel(days)).toBe(level))
})

const backup: TlsBackup = {
  format: 'mfc-station-tls-backup',
  version: 1,
  createdAt: '2026-11-22T19:45:00.000Z',
  source: 'self-signed',
  certPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  encryptedKeyPem: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n',
}

function harness(tlsBackup: (passphrase: string) => Promise<TlsBackup>, reauthenticate?: () => Promise<boolean>) {
  const log: Array<[LogKind, string]> = []
  const api = { tlsStatus: async () => undefined, tls: {} as never, tlsBackup }
  return {
    store: createTlsStore({
      api,
      log: (kind, text) => log.push([kind, text]),
      ...(reauthenticate ? { reauthenticate } : {}),
    }),
    log,
  }
}

describe('certificate backup', () => {
  it('hands the backup to the caller and logs it without the passphrase', async () => {
    const seen: string[] = []
    const { store, log } = harness(async (passphrase) => (seen.push(passphrase), backup))
    expect(await store.getState().backup('correct horse battery')).toEqual({ ok: true, backup })
    expect(seen).toEqual(['correct horse battery'])
    expect(JSON.stringify(log)).not.toContain('correct horse')
  })

  it("reports the station's reason when the passphrase is refused", async () => {
    const { store, log } = harness(() =>
      Promise.reject(
        new ApiError(400, 'bad_request', 'invalid body', [
          { path: 'passphrase', message: 'Too small: expected string to have >=12 characters' },
        ]),
      ),
    )
    const outcome = await store.getState().backup('short')
    expect(outcome).toEqual({
      ok: false,
      reason: 'invalid body; passphrase: Too small: expected string to have >=12 characters',
    })
    expect(log[0]![0]).toBe('rejected')
  })

  it('asks for the password again when the station wants a fresh one, then retries', async () => {
    let calls = 0
    const reauthRequired = new ApiError(403, 'forbidden', 'enter your password again', [], { reauthRequired: true })
    const { store } = harness(
      async () => (++calls === 1 ? Promise.reject(reauthRequired) : backup),
      async () => true,
    )
    expect((await store.getState().backup('correct horse battery')).ok).toBe(true)
    expect(calls).toBe(2)
  })

  it('names the file by when the backup was made, with no characters a file system rejects', () => {
    expect(backupFilename(backup)).toBe('mfc-station-tls-backup-2026-11-22T194500000Z.json')
  })
})

describe('reading a chosen backup file', () => {
  it('accepts a backup the station saved', () => {
    expect(parseBackupFile(JSON.stringify(backup))).toEqual({ ok: true, backup })
  })

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['another JSON file', '{"runs":[]}', /not a station certificate backup \(format:/],
    ['a newer version', JSON.stringify({ ...backup, version: 2 }), /not a station certificate backup \(version:/],
    ['extra fields', JSON.stringify({ ...backup, passphrase: 'leaked' }), /not a station certificate backup/],
    ['a bare array', '[]', /not a station certificate backup/],
  ])('refuses %s', (_label, text, reason) => {
    const result = parseBackupFile(text)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toMatch(reason)
  })
})
