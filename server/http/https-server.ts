import { createServer, type Server } from 'node:https'
import type { RequestListener } from 'node:http'
import type { ServerCertificate } from '../tls/certificate.js'

/** Mozilla "intermediate" TLS 1.2 suites: ECDHE with AES-GCM or ChaCha20 only (TLS 1.3 suites are fixed by OpenSSL). */
const INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':')

/** A port already taken, or an address this machine does not have: worded for the operator. */
export class ListenError extends Error {
  override name = 'ListenError'
}

export function createHttpsServer(certificate: ServerCertificate, app: RequestListener): Server {
  return createServer(
    {
      key: certificate.keyPem,
      cert: certificate.certPem,
      minVersion: 'TLSv1.2',
      ciphers: INTERMEDIATE_CIPHERS,
      honorCipherOrder: true,
      ecdhCurve: 'X25519:P-256:P-384',
    },
    app,
  )
}

/** Listens and resolves with the bound port, or rejects with a ListenError that says what to do. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      if (error.code === 'EADDRINUSE') reject(new ListenError(`port ${port} on ${host} is already in use; stop the other program or choose another port with --port`))
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ListenError(`cannot listen on ${host}: no such address on this machine`))
      else if (error.code === 'EACCES') reject(new ListenError(`no permission to listen on ${host}:${port} (ports below 1024 need privileges)`))
      else reject(error)
    }
    const onListening = () => {
      server.off('error', onError)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}
