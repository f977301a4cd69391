import { Router, type RequestHandler } from 'express'
import type { z } from 'zod'
import {
  acmeOrderRequestSchema,
  backupRequestSchema,
  generateSelfSignedRequestSchema,
  importFilesRequestSchema,
  importPemRequestSchema,
  importPfxRequestSchema,
  restoreRequestSchema,
} from '../contract/tls.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { AppError } from '../errors.js'
import { parseInput } from '../validation.js'
import { CertificateRejected } from './certificate-checks.js'
import { TlsBusyError, TlsOperationError } from './tls-errors.js'
import type { TlsManager } from './tls-manager.js'

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

/** A handler body that parses the request body with `schema` first (a mismatch is a 400 naming the field). */
const withBody =
  <S extends z.ZodType>(schema: S, run: (input: z.infer<S>) => unknown) =>
  (body: unknown) =>
    run(parseInput(schema, body, 'body'))

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

  const replacements: ReadonlyArray<[path: string, run: (body: unknown) => unknown]> = [
    ['/self-signed', withBody(generateSelfSignedRequestSchema, (request) => tls.generateSelfSigned(request))],
    ['/import/pem', withBody(importPemRequestSchema, (request) => tls.importPem(request))],
    ['/import/pfx', withBody(importPfxRequestSchema, (request) => tls.importPfx(request))],
    ['/import/files', withBody(importFilesRequestSchema, (request) => tls.importFiles(request))],
    ['/acme/order', withBody(acmeOrderRequestSchema, (request) => tls.orderAcme(request))],
    ['/restore', withBody(restoreRequestSchema, ({ backup, passphrase }) => tls.restoreBackup(backup, passphrase))],
  ]
  for (const [path, run] of replacements) router.post(path, ...replace, action(run))
  router.post(
    '/renew',
    manage,
    action(() => tls.renew()),
  )
  // A POST, not a GET: the answer holds (encrypted) private keys and the passphrase travels in the body.
  router.post(
    '/backup',
    manage,
    action(withBody(backupRequestSchema, ({ passphrase }) => tls.exportBackup(passphrase))),
  )
  return router
}
