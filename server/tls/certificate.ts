import { X509Certificate, createPrivateKey } from 'node:crypto'

/** The PEM material an HTTPS server needs, with the facts clients pin and display. */
export type ServerCertificate = {
  keyPem: string
  certPem: string
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons (as browsers show it). */
  fingerprint256: string
  notAfter: Date
  keyType: string
}

/** OpenSSL's curve names as people know them. */
const curveNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }

/** Parses PEM material and checks that key and certificate belong together. */
export function describeCertificate(keyPem: string, certPem: string): ServerCertificate {
  const x509 = new X509Certificate(certPem)
  const key = createPrivateKey(keyPem)
  if (!x509.checkPrivateKey(key)) throw new Error('private key does not match the certificate')
  const details = key.asymmetricKeyDetails
  const keyType = key.asymmetricKeyType === 'ec' ? `ECDSA ${curveNames[details?.namedCurve ?? ''] ?? details?.namedCurve}` : `RSA ${details?.modulusLength}`
  return { keyPem, certPem, fingerprint256: x509.fingerprint256, notAfter: new Date(x509.validTo), keyType }
}
