import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import { isIP } from 'node:net'
import { describeCertificate, splitPemCertificates, type ServerCertificate } from './certificate.js'

/** Certificate material as an operator hands it over (PEM files, a PFX already unpacked). */
export type CertificateMaterial = { keyPem: string; certPem: string; chainPem?: string; keyPassphrase?: string }

/** Material the station refuses to serve; `reasons` are worded for the operator. */
export class CertificateRejected extends Error {
  override name = 'CertificateRejected'
  constructor(readonly reasons: string[]) {
    super(`certificate refused: ${reasons.join('; ')}`)
  }
}

/** A certificate issued seconds ago by a CA whose clock runs ahead (pebble does not backdate) is still usable. */
const CLOCK_SKEW_MS = 5 * 60_000

/** True when `notBefore` is still ahead of `now` by more than the skew: clients refuse such a certificate. */
export function isNotYetValid(notBefore: Date | string, now: number): boolean {
  return new Date(notBefore).getTime() > now + CLOCK_SKEW_MS
}

export type ValidatedCertificate = { certificate: ServerCertificate; warnings: string[] }

function readKey(keyPem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? keyPem : { key: keyPem, passphrase })
  } catch (error) {
    const message = (error as Error).message
    // OpenSSL reports a missing or wrong passphrase as a read/decrypt failure of an encrypted key.
    if (/ENCRYPTED/.test(keyPem))
      throw new CertificateRejected([
        passphrase === undefined
          ? 'the private key is encrypted: give its passphrase'
          : 'wrong passphrase for the private key',
      ])
    throw new CertificateRejected([`the private key cannot be read (${message})`])
  }
}

function parseCertificates(pem: string): X509Certificate[] {
  return splitPemCertificates(pem).map((block, index) => {
    try {
      return new X509Certificate(block)
    } catch {
      throw new CertificateRejected([`certificate #${index + 1} in the bundle cannot be parsed`])
    }
  })
}

/** Puts the issuers after the leaf in signing order; certificates that sign nothing in the path are refused. */
function orderChain(
  leaf: X509Certificate,
  others: X509Certificate[],
): { chain: X509Certificate[]; reordered: boolean } {
  const remaining = [...others]
  const chain: X509Certificate[] = []
  let current = leaf
  for (;;) {
    const index = remaining.findIndex(
      (candidate) => current.checkIssued(candidate) && current.verify(candidate.publicKey),
    )
    if (index < 0) break
    const [issuer] = remaining.splice(index, 1)
    chain.push(issuer!)
    if (issuer!.checkIssued(issuer!)) break // reached a root
    current = issuer!
  }
  if (remaining.length > 0)
    throw new CertificateRejected(
      remaining.map(
        (cert) =>
          `the chain holds a certificate that is not part of the leaf's path: ${cert.subject.replace(/\n/g, ', ')}`,
      ),
    )
  const reordered = chain.some((cert, index) => cert !== others[index])
  return { chain, reordered }
}

/** True when the certificate is valid for `name` (a DNS name, wildcards per RFC 6125, or an IP address). */
export function certificateCovers(x509: X509Certificate, name: string): boolean {
  return isIP(name) ? x509.checkIP(name) !== undefined : x509.checkHost(name) !== undefined
}

/**
 * Checks material before it replaces the running certificate: the key matches a certificate, that
 * certificate and its chain are within their validity, the chain is in signing order, and the leaf
 * carries subject alternative names (browsers ignore the common name, RFC 6125 / CA/B BR 7.1.4.2.1).
 * Names the station expects but the certificate lacks are warnings: an operator may import a
 * certificate for a public name only.
 */
export function validateMaterial(
  material: CertificateMaterial,
  options: { now: number; expectedNames?: readonly string[] },
): ValidatedCertificate {
  const key = readKey(material.keyPem, material.keyPassphrase)
  const certificates = [
    ...parseCertificates(material.certPem),
    ...(material.chainPem ? parseCertificates(material.chainPem) : []),
  ]
  if (certificates.length === 0) throw new CertificateRejected(['no PEM certificate found'])
  const leaf = certificates.find((cert) => cert.checkPrivateKey(key))
  if (!leaf) throw new CertificateRejected(['the private key does not match the certificate'])
  if (leaf.ca)
    throw new CertificateRejected([
      'the certificate that matches the key is a CA certificate, not a server certificate',
    ])
  const { chain, reordered } = orderChain(
    leaf,
    certificates.filter((cert) => cert !== leaf),
  )
  const warnings: string[] = []
  if (reordered || certificates[0] !== leaf)
    warnings.push('the chain was not in order (leaf, then each issuer); it was reordered')

  const reasons: string[] = []
  for (const cert of [leaf, ...chain]) {
    const label = cert === leaf ? 'the certificate' : `the chain certificate ${cert.subject.replace(/\n/g, ', ')}`
    if (new Date(cert.validTo).getTime() <= options.now)
      reasons.push(`${label} expired on ${new Date(cert.validTo).toISOString()}`)
    if (isNotYetValid(cert.validFrom, options.now))
      reasons.push(`${label} is not valid before ${new Date(cert.validFrom).toISOString()}`)
  }
  if (!leaf.subjectAltName)
    reasons.push('the certificate has no subject alternative names (browsers ignore the common name)')
  if (reasons.length > 0) throw new CertificateRejected(reasons)

  for (const name of options.expectedNames ?? []) {
    if (!certificateCovers(leaf, name)) warnings.push(`the certificate does not cover ${name}`)
  }
  // The server gets the key unencrypted in memory only; what is written to disk is decided by the caller.
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString()
  const certPem = [leaf, ...chain].map((cert) => cert.toString().trim()).join('\n') + '\n'
  return { certificate: describeCertificate(keyPem, certPem), warnings }
}
