import { X509Certificate, createPrivateKey } from 'node:crypto'
import { isIP } from 'node:net'
import { hostname } from 'node:os'
import { generate } from 'selfsigned'
import type { KeyType } from '../contract/tls.js'

export type SubjectNames = { dns: string[]; ips: string[] }
export type PemPair = { keyPem: string; certPem: string }

const DAY_MS = 86_400_000

/** Names a fresh station certificate covers: loopback in every spelling, this machine's name, plus `extra`. */
export function defaultSubjectNames(extra: readonly string[] = [], host = hostname()): SubjectNames {
  const dns = ['localhost']
  const ips = ['127.0.0.1', '::1']
  if (host && host !== 'localhost') dns.push(host)
  for (const name of extra) {
    const list = isIP(name) ? ips : dns
    if (!list.includes(name)) list.push(name)
  }
  return { dns, ips }
}

/** selfsigned's spelling of our key types (its defaults would be RSA 2048 signed with SHA-1). */
function keyOptions(
  keyType: KeyType,
): { keyType: 'ec'; curve: 'P-256' | 'P-384' } | { keyType: 'rsa'; keySize: number } {
  switch (keyType) {
    case 'ec-p256':
      return { keyType: 'ec', curve: 'P-256' }
    case 'ec-p384':
      return { keyType: 'ec', curve: 'P-384' }
    case 'rsa-2048':
      return { keyType: 'rsa', keySize: 2048 }
    case 'rsa-3072':
      return { keyType: 'rsa', keySize: 3072 }
  }
}

/** The KeyType of an existing PEM private key, so a CA's leaves can match it. */
export function keyTypeOf(keyPem: string): KeyType {
  const key = createPrivateKey(keyPem)
  const details = key.asymmetricKeyDetails
  if (key.asymmetricKeyType === 'ec') return details?.namedCurve === 'secp384r1' ? 'ec-p384' : 'ec-p256'
  return (details?.modulusLength ?? 0) >= 3072 ? 'rsa-3072' : 'rsa-2048'
}

export type SelfSignedOptions = {
  names?: SubjectNames
  now?: Date
  keyType?: KeyType
  validityDays?: number
  /** Issue from this CA instead of self-signing; the leaf then uses the CA's key type (selfsigned needs both alike). */
  issuer?: PemPair
}

/** Generates a TLS server certificate: ECDSA P-256 signed with SHA-256 unless told otherwise. */
export async function generateSelfSigned(options: SelfSignedOptions = {}): Promise<PemPair> {
  const names = options.names ?? defaultSubjectNames()
  const now = options.now ?? new Date()
  const keyType = options.issuer ? keyTypeOf(options.issuer.keyPem) : (options.keyType ?? 'ec-p256')
  const pems = await generate(
    [
      { name: 'commonName', value: names.dns[0] ?? 'localhost' },
      { name: 'organizationName', value: 'MFC Station' },
    ],
    {
      ...keyOptions(keyType),
      algorithm: 'sha256',
      // A minute of slack for clients whose clocks run slightly behind.
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + (options.validityDays ?? 365) * DAY_MS),
      ...(options.issuer ? { ca: { key: options.issuer.keyPem, cert: options.issuer.certPem } } : {}),
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: keyType.startsWith('rsa'), critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            ...names.dns.map((value) => ({ type: 2 as const, value })),
            ...names.ips.map((ip) => ({ type: 7 as const, ip })),
          ],
        },
      ],
    },
  )
  // Serve the leaf followed by the CA, so a client that trusts the CA gets a complete chain.
  return {
    keyPem: pems.private,
    certPem: options.issuer ? `${pems.cert.trim()}\n${options.issuer.certPem.trim()}\n` : pems.cert,
  }
}

/** Generates the station's own CA (10 years, path length 0: it signs only server certificates). */
export async function generateLocalCa(
  options: { now?: Date; keyType?: KeyType; host?: string } = {},
): Promise<PemPair> {
  const now = options.now ?? new Date()
  const pems = await generate(
    [
      { name: 'commonName', value: `MFC Station local CA (${options.host ?? hostname()})` },
      { name: 'organizationName', value: 'MFC Station' },
    ],
    {
      ...keyOptions(options.keyType ?? 'ec-p256'),
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 3650 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  )
  return { keyPem: pems.private, certPem: pems.cert }
}

/** True when `certPem` is a CA certificate whose key is `keyPem` and that is still valid at `now`. */
export function isUsableCa(pair: PemPair, now: number): boolean {
  try {
    const x509 = new X509Certificate(pair.certPem)
    return x509.ca && x509.checkPrivateKey(createPrivateKey(pair.keyPem)) && new Date(x509.validTo).getTime() > now
  } catch {
    return false
  }
}
