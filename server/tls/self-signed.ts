import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import type { Logger } from '../log/logger.js'
import { describeCertificate, type ServerCertificate } from './certificate.js'

const VALIDITY_DAYS = 365
/** Regenerate a little before expiry so a restart never serves an expired certificate. */
const RENEW_BEFORE_MS = 24 * 3600 * 1000

/** Names a fresh station certificate covers: loopback in every spelling plus this machine's name. */
export function defaultSubjectNames(host = hostname()): { dns: string[]; ips: string[] } {
  const dns = ['localhost']
  if (host && host !== 'localhost') dns.push(host)
  return { dns, ips: ['127.0.0.1', '::1'] }
}

/** Generates an ECDSA P-256 certificate signed with SHA-256 (selfsigned defaults to RSA + SHA-1). */
export async function generateSelfSigned(names = defaultSubjectNames(), now = new Date()): Promise<{ keyPem: string; certPem: string }> {
  const pems = await generate([{ name: 'commonName', value: names.dns[0] ?? 'localhost' }, { name: 'organizationName', value: 'MFC Station' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.dns.map((value) => ({ type: 2 as const, value })), ...names.ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  })
  return { keyPem: pems.private, certPem: pems.cert }
}

async function readExisting(dir: string, log: Logger, now: Date): Promise<ServerCertificate | undefined> {
  let keyPem: string
  let certPem: string
  try {
    ;[keyPem, certPem] = await Promise.all([readFile(join(dir, 'server.key'), 'utf8'), readFile(join(dir, 'server.crt'), 'utf8')])
  } catch {
    return undefined
  }
  try {
    const certificate = describeCertificate(keyPem, certPem)
    if (certificate.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) {
      log.warn(`TLS certificate expires ${certificate.notAfter.toISOString()}: generating a new one`)
      return undefined
    }
    return certificate
  } catch (error) {
    log.warn(`TLS certificate in ${dir} is unusable (${(error as Error).message}): generating a new one`)
    return undefined
  }
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`
  await writeFile(temporary, content, { mode })
  await chmod(temporary, mode)
  await rename(temporary, path)
}

/** Returns the station's certificate from `<dataDir>/tls`, creating it on first start. */
export async function ensureSelfSignedCertificate(dataDir: string, log: Logger, now = new Date()): Promise<ServerCertificate> {
  const dir = join(dataDir, 'tls')
  const existing = await readExisting(dir, log, now)
  if (existing) return existing
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const { keyPem, certPem } = await generateSelfSigned(defaultSubjectNames(), now)
  // Key first: a crash between the writes leaves a key without certificate, which is regenerated next start.
  await writeAtomically(join(dir, 'server.key'), keyPem, 0o600)
  await writeAtomically(join(dir, 'server.crt'), certPem, 0o644)
  const certificate = describeCertificate(keyPem, certPem)
  log.info(`generated self-signed ${certificate.keyType} certificate, SHA-256 ${certificate.fingerprint256}`)
  return certificate
}
