import { afterEach, describe, expect, it, vi } from 'vitest'
import { type X509Certificate } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:tls'
import { createMemorySecretStore } from '../../server/secrets/secret-store.js'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { createAcmeIssuer } from '../../server/tls/acme.js'
import { splitPemCertificates } from '../../server/tls/certificate.js'
import { createFakeTime } from '../../server/tls/testing/fake-time.js'
import { recordingLogger, tempDir, tlsConfig } from '../../server/tls/testing/material.js'
import { startPebble, type Pebble } from '../../server/tls/testing/pebble.js'
import { createTlsManager } from '../../server/tls/tls-manager.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function pebble(validitySeconds: number): Promise<Pebble> {
  const started = await startPebble({ validitySeconds })
  cleanups.push(() => started.close())
  return started
}

/** The certificate a client verifying against `ca` is served on 127.0.0.1:port for "localhost". */
function servedCertificate(port: number, ca: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      resolve(socket.getPeerX509Certificate()!)
      socket.end()
    })
    socket.on('error', reject)
  })
}

describe("ACME against Debian's pebble on loopback", () => {
  it('a station configured for ACME orders its certificate at start and serves it', async () => {
    const acme = await pebble(86_400)
    const station: TestStation = await startTestStation({
      tls: {
        source: 'acme',
        acme: {
          directoryUrl: acme.directoryUrl,
          domains: ['localhost'],
          challengePort: acme.challengePort,
          challengeHost: '127.0.0.1',
          caFile: acme.directoryCaFile,
        },
      },
    })
    cleanups.push(() => station.dispose())
    const root = await acme.issuingRootPem()
    // The order runs in the background right after start; until it lands the self-signed certificate is served.
    const served = await vi.waitFor(() => servedCertificate(station.port, root), { timeout: 15_000, interval: 100 })
    expect(served.issuer).toMatch(/Pebble Intermediate CA/)
    expect(served.subjectAltName).toBe('DNS:localhost')
  }, 30_000)

  it('renews a short-lived pebble certificate by itself at half its lifetime, swapping it into the server', async () => {
    const acme = await pebble(3_600)
    const dataDir = tempDir()
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const time = createFakeTime()
    const secrets = createMemorySecretStore()
    const log = recordingLogger()
    const tls = await createTlsManager({
      dataDir,
      config: tlsConfig(),
      secrets,
      log,
      clock: time.clock,
      acmeIssuer: createAcmeIssuer({
        secrets,
        log,
        challengePort: acme.challengePort,
        challengeHost: '127.0.0.1',
        directoryCaPem: acme.directoryCaPem,
      }),
    })
    cleanups.push(() => tls.close())
    const server: Server = createServer({}, (_req, res) => res.end('ok'))
    tls.attach(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const port = (server.address() as AddressInfo).port
    const root = await acme.issuingRootPem()

    const ordered = await tls.orderAcme({ domains: ['localhost'], directoryUrl: acme.directoryUrl })
    expect(ordered.source).toBe('acme')
    expect(ordered.certificate.chainLength).toBe(1)
    expect(splitPemCertificates(tls.current().certPem)).toHaveLength(2)
    expect(await secrets.get('acme-account-key')).toMatch(/PRIVATE KEY/)
    const first = (await servedCertificate(port, root)).fingerprint256
    expect(first).toBe(ordered.certificate.fingerprint256)

    // An operator's second order reuses the account (a fresh registration with the same key is refused).
    const again = await tls.orderAcme({ domains: ['localhost'], directoryUrl: acme.directoryUrl })
    expect(again.certificate.fingerprint256).not.toBe(first)
    const second = (await servedCertificate(port, root)).fingerprint256
    expect(second).toBe(again.certificate.fingerprint256)

    await time.advance(25 * 60_000) // a 1-hour certificate is due at 30 minutes
    expect((await servedCertificate(port, root)).fingerprint256).toBe(second)
    await time.advance(16 * 60_000) // the 10-minute checks reach the due time by 40 minutes
    const renewed = await servedCertificate(port, root)
    expect(renewed.fingerprint256).not.toBe(second)
    expect(renewed.issuer).toMatch(/Pebble Intermediate CA/)
    expect(tls.status().renewal).toMatchObject({ consecutiveFailures: 0, lastError: null })
  }, 30_000)
})
