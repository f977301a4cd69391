import { X509Certificate } from 'node:crypto'

/** Chromium's certificate verification results for `setCertificateVerifyProc`. */
export const VERIFY = { trust: 0, reject: -2, useChromium: -3 } as const

/** SHA-256 fingerprint (colon hex, as the station reports it) of a PEM certificate; undefined if unparsable. */
export function pemFingerprint(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256
  } catch {
    return undefined
  }
}

/**
 * Decides one certificate verification: the station's own hosts are trusted only with exactly the
 * station's current certificate; any other host gets Chromium's normal verification (no extra trust).
 */
export function verifyStationCertificate(
  request: { hostname: string; certificatePem: string },
  station: { hostnames: ReadonlySet<string>; fingerprint: () => string },
): number {
  if (!station.hostnames.has(request.hostname.toLowerCase())) return VERIFY.useChromium
  return pemFingerprint(request.certificatePem) === station.fingerprint() ? VERIFY.trust : VERIFY.reject
}
