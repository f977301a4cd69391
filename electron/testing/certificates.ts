import { X509Certificate } from 'node:crypto'
import { generate } from 'selfsigned'

export type TestCertificate = { certPem: string; fingerprint256: string }

/**
 * A throwaway certificate for localhost with its SHA-256 fingerprint in the station's notation
 * (Node's `X509Certificate.fingerprint256`, which the station reports).
 */
export async function testCertificate(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
  })
  return { certPem: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256 }
}
