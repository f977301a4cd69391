import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fakeClockEnv, faketimeUnavailable } from '../../server/testing/faketime.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { call, componentHealth, type StationTarget } from '../../server/testing/station-client.js'
import { startStationProcess, type StationProcessOptions } from '../../server/testing/station-process.js'

// The fault matrix's certificate rows (docs/testing.md "Fault matrix"): a stored certificate that is
// corrupt, expired or not valid yet is replaced at start and said so in one line; imported files that do
// not load leave the previous certificate served and health degraded with the reason.
const TOKEN = 'mfc_fault_certificates_operator_token_01'
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-fault-cert-'))
  temps.push(dir)
  return dir
}

/** Starts a station, lets `check` look at it, and stops it again. */
async function withStation<T>(
  options: Omit<StationProcessOptions, 'env' | 'args'> & { env?: Record<string, string> },
  check: (station: StationTarget & { stderr(): string; fingerprint: string }) => Promise<T>,
): Promise<T> {
  const station = await startStationProcess({
    ...options,
    env: { MFC_API_TOKEN: TOKEN, ...options.env },
    args: ['--secrets', 'file', '--no-auto-start'],
  })
  try {
    return await check({ ...station, token: TOKEN })
  } finally {
    await station.stop()
  }
}
const tlsHealthy = async (station: StationTarget) => {
  const { component } = await componentHealth(station, 'tls')
  expect(component).toMatchObject({ up: true, lastError: null })
}

describe('certificate faults', () => {
  it('replaces a corrupt stored certificate at start, with one line saying so', async () => {
    const dataDir = tempDir()
    const first = await withStation({ dataDir }, async (station) => station.fingerprint)
    writeFileSync(join(dataDir, 'tls', 'server.crt'), '-----BEGIN CERTIFICATE-----\nnot a certificate\n')
    await withStation({ dataDir }, async (station) => {
      expect(station.fingerprint).not.toBe(first)
      expect(station.stderr()).toMatch(/TLS certificate in .*tls is unusable \(.*\): replacing it/)
      await tlsHealthy(station)
    })
  })

  it('keeps serving the previous certificate when configured files do not load, and says why in health', async () => {
    const dataDir = tempDir()
    const files = tempDir()
    writeFileSync(join(files, 'cert.pem'), 'garbage')
    writeFileSync(join(files, 'key.pem'), 'garbage')
    const env = {
      MFC_TLS_SOURCE: 'imported',
      MFC_TLS_CERT_FILE: join(files, 'cert.pem'),
      MFC_TLS_KEY_FILE: join(files, 'key.pem'),
    }
    await withStation({ dataDir, env }, async (station) => {
      expect((await call(station, '/api/v1/simulation')).status).toBe(200)
      const { status, component } = await componentHealth(station, 'tls')
      expect(status).toBe('degraded')
      expect(component?.lastError).toMatch(/configured certificate files were not loaded/)
    })
  })

  const parts = requiredParts(
    'the certificate clock tests',
    [faketimeUnavailable()].filter((p) => p !== undefined),
  )
  describe.skipIf(parts.skip)('with the clock moved by libfaketime', () => {
    it('replaces an expired stored certificate at start', async () => {
      parts.assertPresent()
      const dataDir = tempDir()
      // Made 400 days ago, so it expired a month ago.
      const old = await withStation({ dataDir, env: fakeClockEnv('-400d') }, async (station) => station.fingerprint)
      await withStation({ dataDir }, async (station) => {
        expect(station.fingerprint).not.toBe(old)
        expect(station.stderr()).toMatch(/is unusable \(expired on .*\): replacing it/)
        await tlsHealthy(station)
      })
    })

    it('replaces a certificate made while the clock ran ahead once the clock is right again', async () => {
      parts.assertPresent()
      const dataDir = tempDir()
      const ahead = await withStation({ dataDir, env: fakeClockEnv('+800d') }, async (station) => station.fingerprint)
      await withStation({ dataDir }, async (station) => {
        expect(station.fingerprint).not.toBe(ahead)
        expect(station.stderr()).toMatch(/is unusable \(not valid before .*\): replacing it/)
        await tlsHealthy(station)
      })
    })
  })
})
