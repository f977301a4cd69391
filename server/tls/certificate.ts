import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import type { CertificateInfo } from '../contract/tls.js'

/** The PEM material an HTTPS server needs, with the facts clients pin and display. */
export type ServerCertificate = {
  keyPem: string
  /** The leaf certificate followed by its intermediates, in serving order. */
  certPem: string
  /** SHA-256 of the DER leaf certificate, upper-case hex pairs joined by colons (as browsers show it). */
  fingerprint256: string
  notAfter: Date
  keyType: string
}

/** OpenSSL's curve names as people know them. */
const curveNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }
const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** The certificates of a PEM bundle, in file order; text outside the blocks is ignored. */
export function splitPemCertificates(pem: string): string[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block) => `${block}\n`)
}

function keyDescription(key: KeyObject): { keyType: string; keyBits: number } {
  const details = key.asymmetricKeyDetails
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve ?? ''
    return { keyType: `ECDSA ${curveNames[curve] ?? curve}`, keyBits: curveBits[curve] ?? 0 }
  }
  if (key.asymmetricKeyType === 'rsa')
    return { keyType: `RSA ${details?.modulusLength}`, keyBits: details?.modulusLength ?? 0 }
  return { keyType: String(key.asymmetricKeyType), keyBits: 0 }
}

/** Parses PEM material and checks that key and (leaf) certificate belong together. */
export function describeCertificate(keyPem: string, certPem: string): ServerCertificate {
  const x509 = new X509Certificate(certPem)
  const key = createPrivateKey(keyPem)
  if (!x509.checkPrivateKey(key)) throw new Error('private key does not match the certificate')
  return {
    keyPem,
    certPem,
    fingerprint256: x509.fingerprint256,
    notAfter: new Date(x509.validTo),
    keyType: keyDescription(key).keyType,
  }
}

/** "DNS:a, IP Address:1.2.3.4" as OpenSSL prints it -> ["DNS:a", "IP:1.2.3.4"]. */
function subjectAltNames(x509: X509Certificate): string[] {
  return (x509.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry !== '')
    .map((entry) => entry.replace(/^IP Address:/, 'IP:'))
}

/** Everything the status API reports about a served certificate chain (leaf first). */
export function inspectCertificate(certPem: string): CertificateInfo {
  const [leafPem, ...chain] = splitPemCertificates(certPem)
  if (leafPem === undefined) throw new Error('no PEM certificate found')
  const x509 = new X509Certificate(leafPem)
  const { keyType, keyBits } = keyDescription(x509.publicKey)
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    subjectAltNames: subjectAltNames(x509),
    issuer: x509.issuer.replace(/\n/g, ', '),
    serialNumber: x509.serialNumber,
    fingerprint256: x509.fingerprint256,
    keyType,
    keyBits,
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    // Signed by its own key under its own name. Not checkIssued(): OpenSSL's issuer check also wants the
    // keyCertSign usage, which a server certificate (the station's own included) must not have, RFC 5280 4.2.1.3.
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    chainLength: chain.length,
  }
}

/** Whole days from `now` until `notAfter`, rounded down (negative once expired). */
export function daysLeft(notAfter: Date | string, now: number): number {
  return Math.floor((new Date(notAfter).getTime() - now) / 86_400_000)
}
