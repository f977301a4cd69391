import { afterEach, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:tls'
import type { RequestHandler } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import type { EventMessage } from '../contract/stream.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createTlsModule, type TlsModule } from './module.js'
import { createFakeTime, type FakeTime } from './testing/fake-time.js'
import { DAY, tempDir, tlsConfig } from './testing/material.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const pass: RequestHandler = (_req, _res, next) => next()
const openGuard: AccessGuard = { require: () => pass, signedIn: () => pass, public: () => pass, recentAuth: () => pass }

async function startModule(config = tlsConfig()): Promise<{ tls: TlsModule; time: FakeTime; events: EventMessage[] }> {
  const dataDir = tempDir()
  const time = createFakeTime()
  const bus = createEventBus(silentLogger)
  const events: EventMessage[] = []
  bus.subscribe('event', 'test', (message) => events.push(message))
  const tls = await createTlsModule({
    ...{ dataDir, config, secrets: createMemorySecretStore(), log: silentLogger, clock: time.clock, bus },
    guard: openGuard,
    watchFiles: () => ({ close() {} }),
  })
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  cleanups.push(() => tls.close())
  return { tls, time, events }
}

/** The fingerprint a client is served on the server's port. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '')
      socket.end()
    })
    socket.on('error', reject)
  })
}

describe('the TLS module', () => {
  it('mounts its routes under /tls and reports the tls component, up while the certificate is fine', async () => {
    const { tls, time } = await startModule()
    expect(tls.name).toBe('tls')
    expect(tls.routes.map((route) => route.path)).toEqual(['/tls'])
    await time.advance(90_000)
    expect(tls.health()).toEqual([
      { name: 'tls', state: 'up', up: true, uptimeSeconds: 90, restarts: 0, lastError: null },
    ])
  })

  it('publishes each certificate alert on the bus as a station event and degrades its component', async () => {
    const { tls, time, events } = await startModule(tlsConfig({ validityDays: 5 }))
    await time.advance(0)
    expect(events).toEqual([
      {
        type: 'event',
        wallTimeMs: time.now(),
        event: { kind: 'certificate', alert: 'expiry', severity: 'warning', message: expect.any(String), daysLeft: 4 },
      },
    ])
    expect(tls.health()[0]).toMatchObject({ up: false, lastError: 'certificate expires in 4 days' })
    expect(tls.status().alerts).toHaveLength(1)
  })

  it('exposes the served certificate without its key, and its metrics for Prometheus', async () => {
    const { tls } = await startModule()
    const current = tls.current()
    expect(Object.keys(current).sort()).toEqual(['certPem', 'fingerprint256', 'notAfter'])
    expect(tls.certificateMetrics()).toEqual({
      notAfterMs: current.notAfter.getTime(),
      lastRenewalSuccessMs: null,
      renewalFailures: 0,
    })
  })

  it('creates the HTTPS server with the current certificate and hot-swaps the next one into it', async () => {
    const { tls, time } = await startModule(tlsConfig({ validityDays: 30 }))
    const server = tls.createServer((_req, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    const first = tls.current().fingerprint256
    expect(await servedFingerprint(port)).toBe(first)
    await time.advance(21 * DAY) // renewed when a third of the lifetime is left
    expect(tls.current().fingerprint256).not.toBe(first)
    expect(await servedFingerprint(port)).toBe(tls.current().fingerprint256)
    expect(tls.certificateMetrics().lastRenewalSuccessMs).toBe(Date.parse(tls.status().renewal.lastSuccessAt!))
  })

  it('leaves no timer behind once closed', async () => {
    const { tls, time } = await startModule()
    expect(time.pendingCount()).toBe(1) // the renewal check
    await tls.close()
    expect(time.pendingCount()).toBe(0)
  })
})
