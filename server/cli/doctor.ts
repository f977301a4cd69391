import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer as createNetServer } from 'node:net'
import { createServer as createHttpsServer } from 'node:https'
import { connect } from 'node:tls'
import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import type { ConfigLayer, StationConfig } from '../config/schema.js'
import { daysLeft } from '../tls/certificate.js'
import { serverTlsOptions } from '../tls/https-server.js'
import { certificateCovers } from '../tls/certificate-checks.js'
import { locationFlags, locationOptions } from './location-flags.js'
import { parseCommandLine } from './usage-error.js'

export const doctorUsage = `Usage: mfc-station doctor [options]

Checks what the station needs and prints one PASS/FAIL line per check (exit code 1 on any FAIL):
the port, the certificate (readable, key matches, validity, names), the keychain, and a TLS
handshake with the certificate (and with the running station, if one holds the port).

Options:
  --host ADDR       address to check (default from the configuration)
  --port N          port to check (default from the configuration)
  --data-dir DIR    the station's data dir
  --config FILE     JSON config file
  --json            print {"ok":..., "checks":[{"name","status","detail"}]} instead
  -h, --help        show this help`

export type CheckStatus = 'pass' | 'warn' | 'fail'
export type CheckResult = { name: string; status: CheckStatus; detail: string }

export type DoctorIo = {
  env: NodeJS.ProcessEnv
  stdout: (line: string) => void
  /** Whether the SecretStore (OS keychain, or the accepted file fallback) answers; from the access layer. */
  checkSecretStore: () => Promise<{ ok: boolean; detail: string }>
  now?: () => number
}

type Material = { cert: X509Certificate; certPem: string; keyPem?: string }

/** Days before expiry from which the doctor warns (the last alert thresholds). */
const WARN_DAYS = 7

function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createNetServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error))
    server.listen(port, host, () => server.close(() => resolve(undefined)))
  })
}

/** One TLS handshake trusting exactly `certPem`; resolves with what was negotiated. */
function handshake(
  host: string,
  port: number,
  certPem: string,
): Promise<{ fingerprint256: string; protocol: string; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca: certPem, servername: 'localhost', timeout: 5000 }, () => {
      resolve({
        fingerprint256: socket.getPeerX509Certificate()?.fingerprint256 ?? '',
        protocol: socket.getProtocol() ?? '',
        cipher: socket.getCipher().name,
      })
      socket.end()
    })
    socket.once('timeout', () => socket.destroy(new Error('no answer within 5 s')))
    socket.once('error', (error) => {
      socket.destroy()
      reject(error instanceof Error ? error : new Error(String(error)))
    })
  })
}

async function checkPort(config: StationConfig, material: Material | undefined): Promise<CheckResult> {
  const name = `port ${config.host}:${config.port}`
  const error = await portFree(config.host, config.port)
  if (!error) return { name, status: 'pass', detail: 'free' }
  if (error.code === 'EADDRINUSE' && material) {
    // Held by a station serving this data dir's certificate: that is the station running, not a conflict.
    const peer = await handshake(
      config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host,
      config.port,
      material.certPem,
    ).catch(() => undefined)
    if (peer?.fingerprint256 === material.cert.fingerprint256)
      return { name, status: 'pass', detail: `in use by this station (serving ${peer.protocol}, ${peer.cipher})` }
  }
  return {
    name,
    status: 'fail',
    detail: error.code === 'EADDRINUSE' ? 'in use by another program' : `cannot listen: ${error.code ?? error.message}`,
  }
}

async function readMaterial(dataDir: string): Promise<{ material?: Material; result: CheckResult }> {
  const name = 'certificate file'
  const dir = join(dataDir, 'tls')
  let certPem: string
  try {
    certPem = await readFile(join(dir, 'server.crt'), 'utf8')
  } catch {
    return {
      result: { name, status: 'warn', detail: `no certificate in ${dir} yet (the station creates one on first start)` },
    }
  }
  let cert: X509Certificate
  try {
    cert = new X509Certificate(certPem)
  } catch {
    return {
      result: {
        name,
        status: 'fail',
        detail: `${join(dir, 'server.crt')} is not a readable certificate (the station replaces it at start)`,
      },
    }
  }
  const keyPem = await readFile(join(dir, 'server.key'), 'utf8').catch(() => undefined)
  if (keyPem === undefined)
    return { material: { cert, certPem }, result: { name, status: 'fail', detail: 'the private key file is missing' } }
  if (keyPem.includes('ENCRYPTED'))
    return {
      material: { cert, certPem },
      result: { name, status: 'pass', detail: 'readable; the key is encrypted (its passphrase is in the SecretStore)' },
    }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem)))
      return {
        material: { cert, certPem },
        result: { name, status: 'fail', detail: 'the private key does not match the certificate' },
      }
  } catch {
    return { material: { cert, certPem }, result: { name, status: 'fail', detail: 'the private key cannot be read' } }
  }
  return {
    material: { cert, certPem, keyPem },
    result: { name, status: 'pass', detail: `readable, key matches (SHA-256 ${cert.fingerprint256})` },
  }
}

function checkValidity(cert: X509Certificate, now: number): CheckResult {
  const name = 'certificate validity'
  const days = daysLeft(cert.validTo, now)
  if (new Date(cert.validFrom).getTime() > now)
    return {
      name,
      status: 'fail',
      detail: `not valid before ${new Date(cert.validFrom).toISOString()} (check the clock)`,
    }
  if (days < 0) return { name, status: 'fail', detail: `expired on ${new Date(cert.validTo).toISOString()}` }
  return {
    name,
    status: days <= WARN_DAYS ? 'warn' : 'pass',
    detail: `valid until ${new Date(cert.validTo).toISOString()} (${days} days left)`,
  }
}

function checkNames(cert: X509Certificate, config: StationConfig): CheckResult {
  // Loopback, the bind address (unless a wildcard) and the configured names must be covered; the host name is a convenience.
  const wildcard = config.host === '0.0.0.0' || config.host === '::'
  const required = [
    ...new Set(['localhost', '127.0.0.1', '::1', ...(wildcard ? [] : [config.host]), ...config.tls.names]),
  ]
  const missing = required.filter((name) => !certificateCovers(cert, name))
  if (missing.length > 0)
    return {
      name: 'certificate names',
      status: 'fail',
      detail: `does not cover ${missing.join(', ')} (has ${cert.subjectAltName ?? 'no SANs'})`,
    }
  return { name: 'certificate names', status: 'pass', detail: `covers ${required.join(', ')}` }
}

/** Serves the certificate with the station's own TLS settings on a loopback port and connects to it. */
async function checkSelfHandshake(material: Material): Promise<CheckResult> {
  const name = 'TLS self-handshake'
  if (!material.keyPem)
    return { name, status: 'warn', detail: 'skipped: the key is not readable without the SecretStore' }
  const server = createHttpsServer(serverTlsOptions({ keyPem: material.keyPem, certPem: material.certPem }))
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const peer = await handshake('127.0.0.1', port, material.certPem)
    return { name, status: 'pass', detail: `${peer.protocol} ${peer.cipher}, verified against the certificate` }
  } catch (error) {
    return { name, status: 'fail', detail: (error as Error).message }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function parseDoctorArgs(argv: string[]): { flags: ConfigLayer; configFile?: string; json: boolean; help: boolean } {
  const { values } = parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...locationOptions,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  return {
    flags: locationFlags(values),
    ...(values.config === undefined ? {} : { configFile: values.config }),
    json: values.json,
    help: values.help,
  }
}

/** `mfc-station doctor`: the reference's --status and --test-ssl as one pass/fail list. */
export async function doctorCommand(argv: string[], io: DoctorIo): Promise<number> {
  const args = parseDoctorArgs(argv)
  if (args.help) {
    io.stdout(doctorUsage)
    return 0
  }
  const config = loadConfig({
    flags: args.flags,
    env: io.env,
    ...(args.configFile ? { configFile: args.configFile } : {}),
  })
  const now = (io.now ?? Date.now)()
  const { material, result: fileResult } = await readMaterial(config.dataDir)
  const checks: CheckResult[] = [await checkPort(config, material), fileResult]
  if (material) checks.push(checkValidity(material.cert, now), checkNames(material.cert, config))
  const secrets = await io
    .checkSecretStore()
    .catch((error: unknown) => ({ ok: false, detail: (error as Error).message }))
  checks.push({ name: 'keychain', status: secrets.ok ? 'pass' : 'fail', detail: secrets.detail })
  if (material) checks.push(await checkSelfHandshake(material))

  const ok = checks.every((check) => check.status !== 'fail')
  if (args.json) io.stdout(JSON.stringify({ ok, checks }))
  else {
    for (const check of checks) io.stdout(`${check.status.toUpperCase().padEnd(4)}  ${check.name}: ${check.detail}`)
    io.stdout(ok ? 'doctor: all checks passed' : 'doctor: some checks FAILED')
  }
  return ok ? 0 : 1
}
