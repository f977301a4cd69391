import type { CookiesSetDetails } from 'electron'
import type { CertificateVerifyRequest, SessionApi } from '../electron-api.js'

type VerifyProc = Parameters<SessionApi['setCertificateVerifyProc']>[0]
type RequestHandler = Parameters<SessionApi['setPermissionRequestHandler']>[0]
type CheckHandler = Parameters<SessionApi['setPermissionCheckHandler']>[0]

/**
 * The window's session as the shell configures it. `verify`, `requestPermission` and `checkPermission`
 * play Chromium's part; without a handler, a permission is granted, which is Electron's default.
 */
export function createFakeSession() {
  const cookies: CookiesSetDetails[] = []
  let verifyProc: VerifyProc = null
  let requestHandler: RequestHandler = null
  let checkHandler: CheckHandler = null
  const session: SessionApi = {
    setCertificateVerifyProc: (proc) => void (verifyProc = proc),
    setPermissionRequestHandler: (handler) => void (requestHandler = handler),
    setPermissionCheckHandler: (handler) => void (checkHandler = handler),
    cookies: {
      set: (details) => {
        cookies.push(details)
        return Promise.resolve()
      },
    },
  }
  return {
    session,
    cookies,
    verify(hostname: string, certificatePem: string): Promise<number> {
      const request: CertificateVerifyRequest = {
        hostname,
        certificate: { data: certificatePem } as CertificateVerifyRequest['certificate'],
        verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID',
        errorCode: -202,
      }
      return new Promise((resolve) => verifyProc!(request, resolve))
    },
    requestPermission(permission: string): Promise<boolean> {
      return new Promise((resolve) => (requestHandler ? requestHandler({}, permission, resolve) : resolve(true)))
    },
    checkPermission(permission: string, requestingOrigin: string): boolean {
      return checkHandler ? checkHandler({}, permission, requestingOrigin) : true
    },
  }
}
