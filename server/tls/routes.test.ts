import { afterEach, describe, expect, it, vi } from 'vitest'
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import express from 'express'
import { errorBodySchema } from '../contract/errors.js'
import type { Permission } from '../contract/access.js'
import { tlsBackupSchema, tlsStatusSchema } from '../contract/tls.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createFakeTime } from './testing/fake-time.js'
import { leafCertificate, recordingLogger, tempDir, tlsConfig } from './testing/material.js'
import { createTlsManager, type TlsManager } from './tls-manager.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { AppError } from '../errors.js'
import { createErrorHandler, notFoundHandler } from '../http/error-handler.js'
import { createTlsRouter } from './routes.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A guard that lets through only the permissions granted, recording what each route asked for. */
function grantingGuard(granted: readonly Permission[]): AccessGuard & { asked: Set<Permission> } {
  const asked = new Set<Permission>()
  return {
    asked,
    require: (permission) => {
      asked.add(permission)
      return (_req, _res, next) =>
        next(granted.includes(permission) ? undefined : new AppError('forbidden', `missing permission ${permission}`))
    },
    recentAuth: () => (_req, _res, next) => next(),
  } as AccessGuard & { asked: Set<Permission> }
}

async function serve(
  granted: readonly Permission[] = ['tls:read', 'tls:manage'],
  acmeIssuer?: Parameters<typeof createTlsManager>[0]['acmeIssuer'],
): Promise<{ base: string; tls: TlsManager }> {
  const dataDir = tempDir()
  const time = createFakeTime()
  const tls = await createTlsManager({
    dataDir,
    config: tlsConfig(),
    secrets: createMemorySecretStore(),
    log: recordingLogger(),
    clock: time.clock,
    ...(acmeIssuer ? { acmeIssuer } : {}),
  })
  const app = express()
  app.use(express.json({ limit: '100kb' }))
  app.use('/api/v1/tls', createTlsRouter({ tls, guard: grantingGuard(granted) }))
  app.use(notFoundHandler)
  app.use(createErrorHandler(recordingLogger()))
  const server: Server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  cleanups.push(() => tls.close())
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/tls`, tls }
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('/api/v1/tls', () => {
  it('puts tls:read on reads and tls:manage on every action', async () => {
    const guard = grantingGuard([])
    createTlsRouter({ tls: {} as TlsManager, guard })
    expect([...guard.asked].sort()).toEqual(['tls:manage', 'tls:read'])
    const { base } = await serve(['tls:read'])
    expect((await fetch(`${base}/status`)).status).toBe(200)
    const refused = await post(`${base}/renew`, {})
    expect(refused.status).toBe(403)
    expect(errorBodySchema.parse(await refused.json()).error.code).toBe('forbidden')
  })

  it('reports the status and serves the certificate as PEM', async () => {
    const { base, tls } = await serve()
    const status = tlsStatusSchema.parse(await (await fetch(`${base}/status`)).json())
    expect(status.certificate.fingerprint256).toBe(tls.current().fingerprint256)
    // The station's own certificate is self-signed, and the status says so.
    expect(status.certificate.selfSigned).toBe(true)
    const pem = await fetch(`${base}/cert.pem`)
    expect(pem.headers.get('content-type')).toMatch(/application\/x-pem-file/)
    expect(await pem.text()).toBe(tls.current().certPem)
    const ca = await fetch(`${base}/ca.pem`)
    expect(ca.status).toBe(404)
    expect(errorBodySchema.parse(await ca.json()).error.code).toBe('not_found')
  })

  it('validates bodies and answers a refused import with the reasons, in the one error shape', async () => {
    const { base } = await serve()
    const invalid = await post(`${base}/self-signed`, { keyType: 'dsa-1024' })
    expect(invalid.status).toBe(400)
    expect(errorBodySchema.parse(await invalid.json()).error.message).toMatch(/^body\.keyType/)
    const unknownKey = await post(`${base}/import/pem`, { certPem: 'x', keyPem: 'y', extra: 1 })
    expect(unknownKey.status).toBe(400)

    const a = await leafCertificate()
    const b = await leafCertificate()
    const refused = await post(`${base}/import/pem`, { certPem: a.certPem, keyPem: b.keyPem })
    expect(refused.status).toBe(400)
    const body = errorBodySchema.parse(await refused.json())
    expect(body.error.details).toEqual({ reasons: ['the private key does not match the certificate'] })
  })

  it('generates, imports, backs up and restores through the API', async () => {
    const { base } = await serve()
    const generated = tlsStatusSchema.parse(
      await (await post(`${base}/self-signed`, { keyType: 'rsa-2048', validityDays: 90, names: ['lab.local'] })).json(),
    )
    expect(generated.certificate.keyType).toBe('RSA 2048')
    expect(generated.certificate.subjectAltNames).toContain('DNS:lab.local')

    const pair = await leafCertificate()
    const imported = tlsStatusSchema.parse(await (await post(`${base}/import/pem`, pair)).json())
    expect(imported.source).toBe('imported')
    const renew = await post(`${base}/renew`, {})
    expect(renew.status).toBe(409)

    const tooShort = await post(`${base}/backup`, { passphrase: 'short' })
    expect(tooShort.status).toBe(400)
    const backup = tlsBackupSchema.parse(
      await (await post(`${base}/backup`, { passphrase: 'twelve chars or more' })).json(),
    )
    const restored = await post(`${base}/restore`, { backup, passphrase: 'twelve chars or more' })
    expect(restored.status).toBe(200)
  })

  it('answers 409 while another certificate change runs', async () => {
    let release!: () => void
    const { base, tls } = await serve(
      undefined,
      () => new Promise((_resolve, reject) => (release = () => reject(new Error('stopped')))),
    )
    const order = post(`${base}/acme/order`, { domains: ['lab.example.org'] })
    await vi.waitFor(() => expect(tls.status().renewal.inProgress).toBe(true))
    const busy = await post(`${base}/self-signed`, {})
    expect(busy.status).toBe(409)
    release()
    const failed = await order
    expect(failed.status).toBe(409)
    expect(errorBodySchema.parse(await failed.json()).error.message).toMatch(/ACME order .* failed: stopped/)
  })
})
