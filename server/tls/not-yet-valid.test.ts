import { afterEach, describe, expect, it } from 'vitest'
import type { AcmeIssuer } from './acme.js'
import { createFakeTime, type FakeTime } from './testing/fake-time.js'
import { startTestManager, type Cleanups, type ManagerHarness } from './testing/manager-harness.js'
import { DAY, leafCertificate } from './testing/material.js'

const cleanups: Cleanups = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The clock ran a day ahead while the certificate was made, and has been put right since. */
const clockPutRight = (time: FakeTime) => createFakeTime(time.now() - DAY)

async function restartedWithClockPutRight(first: ManagerHarness, acmeIssuer?: AcmeIssuer): Promise<ManagerHarness> {
  await first.manager.close()
  return startTestManager(cleanups, {
    dataDir: first.dataDir,
    secrets: first.secrets,
    time: clockPutRight(first.time),
    ...(acmeIssuer ? { acmeIssuer } : {}),
  })
}

describe('a certificate that is not valid yet (notBefore in the future) is treated like an expired one', () => {
  it('a self-signed certificate is replaced at start', async () => {
    const first = await startTestManager(cleanups)
    const second = await restartedWithClockPutRight(first)
    expect(second.manager.current().fingerprint256).not.toBe(first.manager.current().fingerprint256)
    expect(Date.parse(second.manager.status().certificate.notBefore)).toBeLessThanOrEqual(second.time.now())
    expect(second.manager.health().status).toBe('ok')
    expect(second.log.lines.some((line) => /unusable \(not valid before .*\): replacing it/.test(line))).toBe(true)
  })

  it('a local-CA certificate is replaced by the next check when the clock is stepped back under a running station', async () => {
    const { manager, time } = await startTestManager(cleanups)
    await manager.generateSelfSigned({ localCa: true })
    const served = manager.current().fingerprint256
    time.step(-DAY)
    expect(manager.health()).toEqual({
      status: 'degraded',
      detail: expect.stringMatching(/^certificate not valid before /),
    })
    await time.advance(10 * 60_000)
    expect(manager.current().fingerprint256).not.toBe(served)
    expect(manager.status().source).toBe('local-ca')
    expect(manager.health().status).toBe('ok')
  })

  it('an imported certificate stays, with a critical alert (once) and degraded health that say why', async () => {
    const first = await startTestManager(cleanups)
    const pair = await leafCertificate({ now: first.time.now(), days: 90 })
    await first.manager.importPem(pair)
    const second = await restartedWithClockPutRight(first)
    await second.time.advance(60 * 60_000)
    expect(second.manager.current().certPem).toBe(first.manager.current().certPem)
    expect(second.manager.status().source).toBe('imported')
    expect(second.alerts).toEqual([
      expect.objectContaining({
        kind: 'expiry',
        severity: 'critical',
        message: expect.stringMatching(/not valid before/),
      }),
    ])
    expect(second.manager.health()).toEqual({
      status: 'degraded',
      detail: expect.stringMatching(/^certificate not valid before /),
    })
  })

  it('an ACME certificate stays, with a critical alert and degraded health; nothing is ordered for it', async () => {
    const issued = await leafCertificate({ names: ['lab.example.org'], days: 90 })
    const orders: number[] = []
    const issuer: AcmeIssuer = async () => {
      orders.push(Date.now())
      return { ...issued, accountUrl: 'https://acme.test/acct/1' }
    }
    const first = await startTestManager(cleanups, { acmeIssuer: issuer })
    await first.manager.orderAcme({ domains: ['lab.example.org'], directoryUrl: 'https://acme.test/dir' })
    const second = await restartedWithClockPutRight(first, issuer)
    await second.time.advance(60 * 60_000)
    expect(orders).toHaveLength(1)
    expect(second.manager.status().source).toBe('acme')
    expect(second.alerts.map((alert) => [alert.kind, alert.severity])).toEqual([['expiry', 'critical']])
    expect(second.manager.health().status).toBe('degraded')
  })
})
