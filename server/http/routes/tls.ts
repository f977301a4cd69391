import { Router, type RequestHandler } from 'express'
import {
  acmeOrderRequestSchema,
  backupRequestSchema,
  generateSelfSignedRequestSchema,
  importFilesRequestSchema,
  importPemRequestSchema,
  importPfxRequestSchema,
  restoreRequestSchema,
} from '../../contract/tls.js'
import { TlsBusyError, TlsOperationError, type TlsManager } from '../../tls/tls-manager.js'
import { CertificateRejected } from '../../tls/certificate-checks.js'
import type { AccessGuard } from '../../auth/access-guard.js'
import { AppError } from '../../errors.js'
import { parseInput } from '../../validation.js'

/** The TLS manager's refusals in the API's words: bad material 400, busy 409, impossible now 409. */
function toAppError(error: unknown): unknown {
  if (error instanceof CertificateRejected)
    return new AppError('bad_request', error.message, { reasons: error.reasons })
  if (error instanceof TlsBusyError) return new AppError('conflict', error.message)
  if (error instanceof TlsOperationError) return new AppError('conflict', error.message)
  return error
}

/** An async action whose result is the JSON answer; manager errors are translated, others reach the error handler. */
const action =
  (run: (body: unknown) => unknown): RequestHandler =>
  async (req, res) => {
    try {
      res.set('Cache-Control', 'no-store').json(await run(req.body ?? {}))
    } catch (error) {
      throw toAppError(error)
    }
  }

const pemDownload = (res: Parameters<RequestHandler>[1], name: string, pem: string) => {
  res
    .set({
      'Content-Type': 'application/x-pem-file',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    })
    .send(pem)
}

/** `/api/v1/tls`: certificate status, self-signed / import / ACME, renewal, downloads, backup and restore. */
export function createTlsRouter(deps: { tls: TlsManager; guard: AccessGuard }): Router {
  const { tls, guard } = deps
  const read = guard.require('tls:read')
  const manage = guard.require('tls:manage')
  // Replacing the certificate is hazardous: cookie sessions must have re-entered their password recently.
  const replace = [manage, guard.recentAuth()]
  const router = Router()

  router.get(
    '/status',
    read,
    action(() => tls.status()),
  )
  router.get('/cert.pem', read, (_req, res) => pemDownload(res, 'mfc-station.crt', tls.current().certPem))
  router.get('/ca.pem', read, (_req, res) => {
    const ca = tls.localCaPem()
    if (ca === undefined)
      throw new AppError('not_found', 'this station has no local CA; generate a certificate with localCa: true first')
    pemDownload(res, 'mfc-station-ca.crt', ca)
  })

  router.post(
    '/self-signed',
    ...replace,
    action((body) => tls.generateSelfSigned(parseInput(generateSelfSignedRequestSchema, body, 'body'))),
  )
  router.post(
    '/import/pem',
    ...replace,
    action((body) => tls.importPem(parseInput(importPemRequestSchema, body, 'body'))),
  )
  router.post(
    '/import/pfx',
    ...replace,
    action((body) => tls.importPfx(parseInput(importPfxRequestSchema, body, 'body'))),
  )
  router.post(
    '/import/files',
    ...replace,
    action((body) => tls.importFiles(parseInput(importFilesRequestSchema, body, 'body'))),
  )
  router.post(
    '/acme/order',
    ...replace,
    action((body) => tls.orderAcme(parseInput(acmeOrderRequestSchema, body, 'body'))),
  )
  router.post(
    '/renew',
    manage,
    action(() => tls.renew()),
  )
  // A POST, not a GET: the answer holds (encrypted) private keys and the passphrase travels in the body.
  router.post(
    '/backup',
    manage,
    action((body) => tls.exportBackup(parseInput(backupRequestSchema, body, 'body').passphrase)),
  )
  router.post(
    '/restore',
    ...replace,
    action((body) => {
      const { backup, passphrase } = parseInput(restoreRequestSchema, body, 'body')
      return tls.restoreBackup(backup, passphrase)
    }),
  )
  return router
}
