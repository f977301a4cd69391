import { get } from 'node:https'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freeLoopbackPort, opensslSelfSigned, requireBinary, startUntilReady, stopProcess } from './processes.js'

export type Pebble = {
  directoryUrl: string
  /** The CA of pebble's own HTTPS listener (made here: Debian's pebble ships none), and its file. */
  directoryCaPem: string
  directoryCaFile: string
  /** The root that signs what pebble issues (generated afresh at every pebble start). */
  issuingRootPem(): Promise<string>
  /** The port pebble's validator connects to for HTTP-01: the station's challenge port. */
  challengePort: number
  close(): Promise<void>
}

/**
 * Debian's pebble on loopback: its own TLS certificate made with openssl in a temp dir, VA sleeps
 * off (PEBBLE_VA_NOSLEEP), every nonce accepted (PEBBLE_WFE_NONCEREJECT=0, so the run is
 * deterministic), and certificates valid `validitySeconds` so renewal can be exercised.
 */
export async function startPebble(options: { validitySeconds?: number } = {}): Promise<Pebble> {
  requireBinary('pebble', 'pebble')
  requireBinary('openssl', 'openssl')
  const dir = mkdtempSync(join(tmpdir(), 'mfc-pebble-'))
  try {
    opensslSelfSigned({
      commonName: 'pebble test',
      subjectAltName: 'IP:127.0.0.1,DNS:localhost',
      days: 2,
      keyPath: join(dir, 'key.pem'),
      certPath: join(dir, 'cert.pem'),
    })
    const [listenPort, managementPort, challengePort, tlsPort] = await Promise.all([
      freeLoopbackPort(),
      freeLoopbackPort(),
      freeLoopbackPort(),
      freeLoopbackPort(),
    ])
    writeFileSync(
      join(dir, 'pebble.json'),
      JSON.stringify({
        pebble: {
          listenAddress: `127.0.0.1:${listenPort}`,
          managementListenAddress: `127.0.0.1:${managementPort}`,
          certificate: 'cert.pem',
          privateKey: 'key.pem',
          httpPort: challengePort,
          tlsPort,
          ocspResponderURL: '',
          externalAccountBindingRequired: false,
          certificateValidityPeriod: options.validitySeconds ?? 86_400,
        },
      }),
    )
    const child = await startUntilReady('pebble', ['-config', 'pebble.json', '-strict=false'], {
      cwd: dir,
      env: { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
      ready: /Listening on: /,
    })
    const directoryCaPem = readFileSync(join(dir, 'cert.pem'), 'utf8')
    return {
      directoryUrl: `https://127.0.0.1:${listenPort}/dir`,
      directoryCaPem,
      directoryCaFile: join(dir, 'cert.pem'),
      issuingRootPem: () => httpsText(`https://127.0.0.1:${managementPort}/roots/0`, directoryCaPem),
      challengePort,
      async close() {
        await stopProcess(child)
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

function httpsText(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}
