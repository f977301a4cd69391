import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { DAY, leafCertificate, tempDir } from '../../server/tls/testing/material.js'
import { doctorCommand, type CheckResult } from '../../server/cli/doctor.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const keychainOk = async () => ({ ok: true, detail: 'OS keychain (Secret Service) answers' })

/** Runs the doctor twice: with --json for the assertions, and as an operator sees it. */
async function doctor(
  argv: string[],
  checkSecretStore = keychainOk,
): Promise<{ code: number; checks: CheckResult[]; lines: string[] }> {
  const json: string[] = []
  const lines: string[] = []
  const code = await doctorCommand([...argv, '--json'], {
    env: {},
    stdout: (line) => json.push(line),
    checkSecretStore,
  })
  await doctorCommand(argv, { env: {}, stdout: (line) => lines.push(line), checkSecretStore })
  return { code, checks: (JSON.parse(json[0]!) as { checks: CheckResult[] }).checks, lines }
}

const statusOf = (checks: CheckResult[]) =>
  Object.fromEntries(checks.map((check) => [check.name.replace(/^port .*/, 'port'), check.status]))

describe('mfc-station doctor', () => {
  it('passes everything next to a running station and prints one line per check', async () => {
    const station: TestStation = await startTestStation()
    cleanups.push(() => station.dispose())
    const { code, checks, lines } = await doctor(['--data-dir', station.dataDir, '--port', String(station.port)])
    expect(statusOf(checks)).toEqual({
      port: 'pass',
      'certificate file': 'pass',
      'certificate validity': 'pass',
      'certificate names': 'pass',
      keychain: 'pass',
      'TLS self-handshake': 'pass',
    })
    expect(checks[0]!.detail).toMatch(/in use by this station/)
    expect(checks.at(-1)!.detail).toMatch(/^TLSv1\.3 /)
    expect(code).toBe(0)
    expect(lines.at(-1)).toBe('doctor: all checks passed')
    expect(lines[0]).toMatch(/^PASS {2}port 127\.0\.0\.1:\d+: in use by this station/)
  })

  it('fails on a port held by another program, an unreachable keychain, and an expired certificate without the right names', async () => {
    const dataDir = tempDir()
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const pair = await leafCertificate({ now: Date.now() - 40 * DAY, days: 30, names: ['elsewhere.example'] })
    mkdirSync(join(dataDir, 'tls'))
    writeFileSync(join(dataDir, 'tls', 'server.crt'), pair.certPem)
    writeFileSync(join(dataDir, 'tls', 'server.key'), pair.keyPem)
    // Another program: answers plain HTTP and hangs up, as a web server on the wrong protocol would.
    // (resume: a socket nobody reads never sees the client's FIN and would keep the server open)
    const blocker: Server = createServer((socket) => socket.resume().end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
    const port = (blocker.address() as { port: number }).port

    const { code, checks } = await doctor(['--data-dir', dataDir, '--port', String(port)], async () => ({
      ok: false,
      detail: 'no Secret Service on the session bus',
    }))
    expect(code).toBe(1)
    expect(statusOf(checks)).toMatchObject({
      port: 'fail',
      'certificate validity': 'fail',
      'certificate names': 'fail',
      keychain: 'fail',
    })
    expect(checks.find((check) => check.name === 'certificate names')!.detail).toMatch(/does not cover localhost/)
  })

  it('reports a fresh data dir as a warning, not a failure, and refuses unknown flags', async () => {
    const dataDir = tempDir()
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const { code, checks } = await doctor(['--data-dir', dataDir, '--port', '0'])
    expect(code).toBe(0)
    expect(statusOf(checks)['certificate file']).toBe('warn')
    await expect(
      doctorCommand(['--bogus'], { env: {}, stdout: () => {}, checkSecretStore: keychainOk }),
    ).rejects.toThrow(/bogus/)
  })
})
