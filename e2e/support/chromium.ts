import { createHash, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chromium, type Browser } from '@playwright/test'

export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Keeps Chromium off the network: this machine has none, and tests must not depend on one. */
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, the form Chromium's SPKI allow-list takes. */
export function spkiHash(certificatePem: string): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(spki).digest('base64')
}

/** Debian's Chromium, trusting exactly the station's key and nothing else (no blanket ignoreHTTPSErrors). */
export async function launchChromiumTrusting(certificatePem: string): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Debian's chromium is missing (${CHROMIUM_PATH}): install it with .ci/system-packages`)
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...OFFLINE_ARGS, `--ignore-certificate-errors-spki-list=${spkiHash(certificatePem)}`],
  })
}
