import { describe, expect, it } from 'vitest'
import { VERIFY } from './certificate-pin.js'
import { testCertificate } from './testing/certificates.js'
import { servedCertificate, startDesktopApp } from './testing/desktop-harness.js'

const renewed = await testCertificate()
const other = await testCertificate()

// Permissions a page can ask for (Electron's session.setPermissionRequestHandler list).
const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'midi']

describe("desktop window's session", () => {
  it('signs the window in as the local operator with a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    const { fake } = await startDesktopApp()
    expect(fake.cookies).toEqual([
      {
        url: 'https://127.0.0.1:8443',
        name: '__Host-mfc_session',
        value: 'local-operator-token-https://127.0.0.1:8443',
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
      },
    ])
  })

  it('trusts exactly the station certificate on the station hosts, following a renewal', async () => {
    const { fake, stations } = await startDesktopApp()
    expect(await fake.verify('127.0.0.1', servedCertificate.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('localhost', servedCertificate.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('127.0.0.1', other.certPem)).toBe(VERIFY.reject)
    expect(await fake.verify('localhost', 'not a certificate')).toBe(VERIFY.reject)
    // Elsewhere the station's certificate earns no trust: Chromium verifies as usual.
    expect(await fake.verify('example.org', servedCertificate.certPem)).toBe(VERIFY.useChromium)
    stations[0]!.replaceCertificate(renewed)
    expect(await fake.verify('127.0.0.1', renewed.certPem)).toBe(VERIFY.trust)
    expect(await fake.verify('127.0.0.1', servedCertificate.certPem)).toBe(VERIFY.reject)
  })

  it('denies every web permission request', async () => {
    const { fake } = await startDesktopApp()
    for (const permission of permissions) expect(await fake.requestPermission(permission)).toBe(false)
  })

  it('denies every permission check, the station origin included', async () => {
    const { fake } = await startDesktopApp()
    for (const permission of permissions) {
      expect(fake.checkPermission(permission, 'https://127.0.0.1:8443')).toBe(false)
      expect(fake.checkPermission(permission, 'https://example.org')).toBe(false)
    }
  })
})
