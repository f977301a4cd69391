import type { RequestListener } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { SecureContextOptions, TlsOptions } from 'node:tls'
import type { ServerCertificate } from './certificate.js'

/**
 * Mozilla "intermediate" TLS 1.2 suites (ssl-config.mozilla.org, v5.7): ECDHE with AES-GCM or
 * ChaCha20 only, so every suite has forward secrecy and AEAD. TLS 1.3 suites are fixed by OpenSSL.
 */
export const INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':')

/**
 * The complete TLS configuration of the station's server for one certificate. Used both when the
 * server is created and on every hot reload: `setSecureContext` builds a fresh context, so anything
 * left out here would silently fall back to Node's defaults after the first certificate swap.
 * Session resumption: stateless tickets (TLS 1.2 and 1.3) valid 5 minutes (`sessionTimeout`, Node's
 * default made explicit); the ticket keys are carried across swaps by the TLS manager.
 */
export function serverTlsOptions(
  certificate: Pick<ServerCertificate, 'keyPem' | 'certPem'>,
): SecureContextOptions & Pick<TlsOptions, 'sessionTimeout'> {
  return {
    key: certificate.keyPem,
    cert: certificate.certPem,
    minVersion: 'TLSv1.2',
    ciphers: INTERMEDIATE_CIPHERS,
    honorCipherOrder: true,
    ecdhCurve: 'X25519:P-256:P-384',
    sessionTimeout: 300,
  }
}

/** The deadlines of the server's connections (config `http.*`, docs/security.md "Limits"). */
export type ServerTiming = {
  handshakeTimeoutMs: number
  headersTimeoutMs: number
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
}

/**
 * The station's HTTPS server, serving `certificate` with the options above; the caller listens and
 * closes it. The request handler may come later (`server.on('request', app)`), once the app exists.
 * With `timing`, a handshake, a header block and a whole request each have a deadline, checked every
 * second (Node's default check runs every 30 s, which let a never-sent body hold its socket for minutes).
 */
export function createHttpsServer(
  certificate: Pick<ServerCertificate, 'keyPem' | 'certPem'>,
  app?: RequestListener,
  timing?: ServerTiming,
): Server {
  const options = {
    ...serverTlsOptions(certificate),
    ...(timing
      ? {
          handshakeTimeout: timing.handshakeTimeoutMs,
          headersTimeout: timing.headersTimeoutMs,
          requestTimeout: timing.requestTimeoutMs,
          keepAliveTimeout: timing.keepAliveTimeoutMs,
          connectionsCheckingInterval: 1000,
        }
      : {}),
  }
  return app ? createServer(options, app) : createServer(options)
}
