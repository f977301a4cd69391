import type { RequestHandler, Router } from 'express'
import type { z } from 'zod'
import {
  acmeOrderRequestSchema,
  backupRequestSchema,
  generateSelfSignedRequestSchema,
  importFilesRequestSchema,
  importPemRequestSchema,
  importPfxRequestSchema,
  restoreRequestSchema,
  tlsBackupSchema,
  tlsStatusSchema,
} from '../contract/tls.js'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes, type Endpoint } from '../auth/route-description.js'
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

const pemFile = (description: string) => ({ 200: { description, contentType: 'application/x-pem-file' } })

/** Replacing the certificate is hazardous: cookie sessions must have re-entered their password recently. */
const replacement = (path: string, summary: string, body: z.ZodType): Endpoint => ({
  method: 'post',
  path,
  summary,
  access: 'tls:manage',
  reauth: true,
  body,
  responses: { 200: tlsStatusSchema },
  errors: [409],
})

export const tlsApi = describeRoutes({
  name: 'tls',
  mount: '/tls',
  tag: 'Certificates',
  endpoints: {
    status: {
      method: 'get',
      path: '/status',
      summary: 'The served certificate, its renewal, watched files, local CA, ACME and recent alerts',
      access: 'tls:read',
      responses: { 200: tlsStatusSchema },
    },
    certificate: {
      method: 'get',
      path: '/cert.pem',
      summary: 'The served chain',
      access: 'tls:read',
      responses: pemFile('the certificate chain, PEM'),
    },
    localCa: {
      method: 'get',
      path: '/ca.pem',
      summary: "The station's local CA (404 without one)",
      access: 'tls:read',
      responses: pemFile('the local CA certificate, PEM'),
      errors: [404],
    },
    selfSigned: replacement('/self-signed', 'Generate a self-signed certificate', generateSelfSignedRequestSchema),
    importPem: replacement('/import/pem', 'Import a PEM certificate, key and chain', importPemRequestSchema),
    importPfx: replacement('/import/pfx', 'Import a PKCS#12 (PFX) bundle, base64', importPfxRequestSchema),
    importFiles: replacement(
      '/import/files',
      "Import certificate files by path on the station's machine; they are watched",
      importFilesRequestSchema,
    ),
    acmeOrder: replacement('/acme/order', 'Order a certificate from an ACME CA (RFC 8555)', acmeOrderRequestSchema),
    restore: replacement('/restore', 'Restore a certificate backup', restoreRequestSchema),
    renew: {
      method: 'post',
      path: '/renew',
      summary: 'Renew now (409 for an imported certificate)',
      access: 'tls:manage',
      responses: { 200: tlsStatusSchema },
      errors: [409],
    },
    // A POST, not a GET: the answer holds (encrypted) private keys and the passphrase travels in the body.
    backup: {
      method: 'post',
      path: '/backup',
      summary: 'A backup of the certificate and its key, encrypted under the passphrase',
      access: 'tls:manage',
      body: backupRequestSchema,
      responses: { 200: tlsBackupSchema },
    },
  },
})

/** `/api/v1/tls`: certificate status, self-signed / import / ACME, renewal, downloads, backup and restore. */
export function createTlsRouter(deps: { tls: TlsManager; guard: AccessGuard }): Router {
  const { tls, guard } = deps
  return describedRouter(tlsApi, guard, {
    status: action(() => tls.status()),
    certificate: (_req, res) => pemDownload(res, 'mfc-station.crt', tls.current().certPem),
    localCa: (_req, res) => {
      const ca = tls.localCaPem()
      if (ca === undefined)
        throw new AppError('not_found', 'this station has no local CA; generate a certificate with localCa: true first')
      pemDownload(res, 'mfc-station-ca.crt', ca)
    },
    selfSigned: action(withBody(generateSelfSignedRequestSchema, (request) => tls.generateSelfSigned(request))),
    importPem: action(withBody(importPemRequestSchema, (request) => tls.importPem(request))),
    importPfx: action(withBody(importPfxRequestSchema, (request) => tls.importPfx(request))),
    importFiles: action(withBody(importFilesRequestSchema, (request) => tls.importFiles(request))),
    acmeOrder: action(withBody(acmeOrderRequestSchema, (request) => tls.orderAcme(request))),
    restore: action(withBody(restoreRequestSchema, ({ backup, passphrase }) => tls.restoreBackup(backup, passphrase))),
    renew: action(() => tls.renew()),
    backup: action(withBody(backupRequestSchema, ({ passphrase }) => tls.exportBackup(passphrase))),
  })
}
