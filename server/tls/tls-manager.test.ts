import { afterEach, describe, expect, it } from 'vitest'
import { X509Certificate } from 'node:crypto'
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tlsStatusSchema, type TlsAlert } from '../contract/tls.js'
import type { AcmeIssuer } from './acme.js'
import { splitPemCertificates } from './certificate.js'
import { createFakeTime } from './testing/fake-time.js'
import { startTestManager } from './testing/manager-harness.js'
import { DAY, caAndLeaf, leafCertificate, opensslPfx, tempDir, tlsConfig } from './testing/material.js'
import { TlsBusyError, TlsOperationError } from './tls-errors.js'
import { CertificateRejected } from './certificate-checks.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const startManager = (overrides: Parameters<typeof startTestManager>[1] = {}) => startTestManager(cleanups, overrides)

describe('TLS manager: the self-signed default', () => {
  it('creates an ECDSA P-256 certificate for the loopback names and the host name, reused on restart', async () => {
    const first = await startManager()
    const status = tlsStatusSchema.parse(first.manager.status())
    expect(status.source).toBe('self-signed')
    expect(status.certificate.keyType).toBe('ECDSA P-256')
    expect(status.certificate.subjectAltNames).toEqual([
      'DNS:localhost',
      'DNS:labhost',
      'IP:127.0.0.1',
      'IP:0:0:0:0:0:0:0:1',
    ])
    expect(status.daysLeft).toBe(364)
    expect(status.renewal.automatic).toBe(true)
    expect(statSync(join(first.dataDir, 'tls', 'server.key')).mode & 0o777).toBe(0o600)
    await first.manager.close()

    const second = await startManager({ dataDir: first.dataDir })
    expect(second.manager.current().fingerprint256).toBe(first.manager.current().fingerprint256)
  })

  it('replaces a corrupt or expired certificate file at start instead of failing', async () => {
    const first = await startManager()
    const old = first.manager.current().fingerprint256
    await first.manager.close()
    writeFileSync(join(first.dataDir, 'tls', 'server.crt'), 'garbage')
    const second = await startManager({ dataDir: first.dataDir })
    expect(second.manager.current().fingerprint256).not.toBe(old)
    expect(second.log.lines.some((line) => /unusable/.test(line))).toBe(true)
  })

  it('renews by itself when a third of the lifetime is left and swaps the certificate in', async () => {
    const { manager, time } = await startManager({ config: tlsConfig({ validityDays: 30 }) })
    const changes: string[] = []
    manager.onChange((certificate) => changes.push(certificate.fingerprint256))
    const first = manager.current().fingerprint256
    await time.advance(19 * DAY) // due at 20 days
    expect(manager.current().fingerprint256).toBe(first)
    await time.advance(1 * DAY + 10 * 60_000)
    expect(manager.current().fingerprint256).not.toBe(first)
    expect(changes).toEqual([manager.current().fingerprint256])
    expect(manager.status().renewal.lastSuccessAt).not.toBeNull()
  })

  it('uses half the lifetime for certificates shorter than 10 days', async () => {
    const { manager, time } = await startManager({ config: tlsConfig({ validityDays: 6 }) })
    const first = manager.current().fingerprint256
    await time.advance(2.9 * DAY)
    expect(manager.current().fingerprint256).toBe(first)
    await time.advance(0.2 * DAY)
    expect(manager.current().fingerprint256).not.toBe(first)
  })
})

describe('TLS manager: ACME renewal failures', () => {
  it('retries with growing backoff, alerts on each failure and keeps the current certificate', async () => {
    const attempts: number[] = []
    const time = createFakeTime()
    const failing: AcmeIssuer = async () => {
      attempts.push(time.now())
      throw new Error('connection refused')
    }
    const { manager, alerts } = await startManager({
      time,
      acmeIssuer: failing,
      config: tlsConfig({ source: 'acme', acme: { domains: ['lab.example.org'] } }),
    })
    const served = manager.current().fingerprint256
    await time.advance(60 * 60_000)
    const start = attempts[0]!
    expect(attempts.map((at) => Math.round((at - start) / 60_000))).toEqual([0, 1, 3, 8, 18, 38])
    expect(manager.current().fingerprint256).toBe(served)
    expect(alerts.filter((alert) => alert.kind === 'renewal-failed')).toHaveLength(attempts.length)
    expect(manager.status().renewal).toMatchObject({
      consecutiveFailures: 6,
      lastError: expect.stringMatching(/connection refused/),
    })
    expect(manager.health().status).toBe('degraded')
  })

  it('never runs two certificate changes at once', async () => {
    let release!: () => void
    const slow: AcmeIssuer = () => new Promise((_resolve, reject) => (release = () => reject(new Error('stopped'))))
    const { manager } = await startManager({ acmeIssuer: slow })
    const order = manager.orderAcme({ domains: ['lab.example.org'] })
    await expect(manager.renew()).rejects.toBeInstanceOf(TlsBusyError)
    expect(manager.status().renewal.inProgress).toBe(true)
    release()
    await expect(order).rejects.toBeInstanceOf(TlsOperationError)
  })

  it('installs what the ACME server issued, as source "acme"', async () => {
    const issued = await leafCertificate({ names: ['lab.example.org'] })
    const { manager } = await startManager({
      acmeIssuer: async () => ({ ...issued, accountUrl: 'https://acme/acct/1' }),
    })
    const status = await manager.orderAcme({ domains: ['lab.example.org'], directoryUrl: 'https://acme.test/dir' })
    expect(status.source).toBe('acme')
    expect(status.acme).toEqual({ directoryUrl: 'https://acme.test/dir', domains: ['lab.example.org'], email: null })
    expect(status.certificate.subjectAltNames).toContain('DNS:lab.example.org')
  })
})

describe('TLS manager: imports', () => {
  it('imports PEM, refuses a mismatched key or an expired certificate and keeps serving the old one', async () => {
    const { manager, time } = await startManager()
    const original = manager.current().fingerprint256
    const good = await leafCertificate({ now: time.now() })
    const other = await leafCertificate({ now: time.now() })
    await expect(manager.importPem({ certPem: good.certPem, keyPem: other.keyPem })).rejects.toThrow(
      /private key does not match/,
    )
    const expired = await leafCertificate({ now: time.now() - 40 * DAY, days: 30 })
    await expect(manager.importPem(expired)).rejects.toThrow(/expired on/)
    expect(manager.current().fingerprint256).toBe(original)

    const status = await manager.importPem(good)
    expect(status.source).toBe('imported')
    expect(status.renewal.automatic).toBe(false)
    await expect(manager.renew()).rejects.toBeInstanceOf(TlsOperationError)
  })

  it('puts a chain given out of order into signing order', async () => {
    const { manager } = await startManager()
    const { ca, leaf } = await caAndLeaf()
    const [leafOnly] = splitPemCertificates(leaf.certPem)
    const status = await manager.importPem({ certPem: `${ca.certPem}${leafOnly}`, keyPem: leaf.keyPem })
    expect(status.certificate.chainLength).toBe(1)
    const served = splitPemCertificates(manager.current().certPem).map((pem) => new X509Certificate(pem))
    expect(served[0]!.checkIssued(served[1]!)).toBe(true)
  })

  it('imports a PFX (OpenSSL 3 and legacy), keeps the key encrypted at rest and the password in the SecretStore', async () => {
    const { manager, dataDir, secrets, time } = await startManager()
    const pair = await leafCertificate({ now: time.now() })
    await expect(
      manager.importPfx({ pfxBase64: opensslPfx(pair, 'correct horse').toString('base64'), password: 'wrong' }),
    ).rejects.toThrow(/wrong PFX password/)
    await manager.importPfx({
      pfxBase64: opensslPfx(pair, 'correct horse', true).toString('base64'),
      password: 'correct horse',
    })
    expect(manager.current().fingerprint256).toBe(new X509Certificate(pair.certPem).fingerprint256)
    expect(readFileSync(join(dataDir, 'tls', 'server.key'), 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/)
    expect(await secrets.get('tls-key-passphrase')).toBe('correct horse')
    await manager.close()
    const restarted = await startManager({ dataDir, secrets })
    expect(restarted.manager.current().fingerprint256).toBe(new X509Certificate(pair.certPem).fingerprint256)
  })
})

describe('TLS manager: imported files', () => {
  it('reloads watched files when they change, and keeps the old certificate when the new files are bad', async () => {
    let fire!: () => void
    const dir = tempDir()
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const first = await leafCertificate()
    writeFileSync(join(dir, 'cert.pem'), first.certPem)
    writeFileSync(join(dir, 'key.pem'), first.keyPem)
    const { manager, alerts, time } = await startManager({
      watchFiles: (_paths, onChange) => ((fire = onChange), { close() {} }),
    })
    const status = await manager.importFiles({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') })
    expect(status.watchedFiles).toEqual([join(dir, 'cert.pem'), join(dir, 'key.pem')])

    const second = await leafCertificate()
    writeFileSync(join(dir, 'cert.pem'), second.certPem)
    writeFileSync(join(dir, 'key.pem'), second.keyPem)
    const changed = new Promise<string>((resolve) =>
      manager.onChange((certificate) => resolve(certificate.fingerprint256)),
    )
    fire()
    expect(await changed).toBe(new X509Certificate(second.certPem).fingerprint256)

    writeFileSync(join(dir, 'cert.pem'), first.certPem) // no longer matches the key
    const alerted = new Promise<TlsAlert>((resolve) =>
      manager.onAlert((alert) => alert.kind === 'reload-failed' && resolve(alert)),
    )
    fire()
    await time.advance(1000) // the first reload may still be finishing: the second is retried, not dropped
    expect((await alerted).kind).toBe('reload-failed')
    expect(alerts.find((alert) => alert.kind === 'reload-failed')?.message).toMatch(/previous certificate stays/)
    expect(manager.current().fingerprint256).toBe(new X509Certificate(second.certPem).fingerprint256)
  })

  it('alerts 30/14/7/1 days before an imported certificate expires, once each', async () => {
    const { manager, time, alerts } = await startManager()
    await manager.importPem(await leafCertificate({ now: time.now(), days: 16 }))
    await time.advance(10 * 60_000)
    expect(alerts.map((alert) => alert.kind)).toEqual(['expiry'])
    await time.advance(3 * DAY)
    await time.advance(5 * DAY)
    await time.advance(6 * DAY)
    expect(alerts.map((alert) => [alert.daysLeft, alert.severity])).toEqual([
      [15, 'info'],
      [14, 'info'],
      [7, 'warning'],
      [1, 'critical'],
    ])
  })
})

describe('TLS manager: local CA and backup', () => {
  it('issues from a local CA that survives renewals, downloadable as ca.pem', async () => {
    const { manager } = await startManager()
    const status = await manager.generateSelfSigned({ localCa: true })
    expect(status.source).toBe('local-ca')
    const ca = new X509Certificate(manager.localCaPem()!)
    expect(new X509Certificate(manager.current().certPem).verify(ca.publicKey)).toBe(true)
    await manager.renew()
    expect(new X509Certificate(manager.current().certPem).verify(ca.publicKey)).toBe(true)
    expect(manager.status().localCa?.fingerprint256).toBe(ca.fingerprint256)
    await expect(manager.generateSelfSigned({ localCa: true, keyType: 'rsa-2048' })).rejects.toBeInstanceOf(
      CertificateRejected,
    )
  })

  it('exports a passphrase-protected backup that restores into another station', async () => {
    const { manager } = await startManager()
    await manager.generateSelfSigned({ localCa: true })
    const backup = manager.exportBackup('a long passphrase')
    expect(backup.encryptedKeyPem).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/)
    const other = await startManager()
    await expect(other.manager.restoreBackup(backup, 'not the passphrase')).rejects.toThrow(/wrong backup passphrase/)
    const restored = await other.manager.restoreBackup(backup, 'a long passphrase')
    expect(restored.certificate.fingerprint256).toBe(manager.current().fingerprint256)
    expect(restored.localCa?.fingerprint256).toBe(manager.status().localCa?.fingerprint256)
  })
})
