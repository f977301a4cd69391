import { verifyStationCertificate } from './certificate-pin.js'
import type { SessionApi } from './electron-api.js'

/** Host names the station's own certificate is pinned for in the window's session. */
export const STATION_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * Guards the window's session: it trusts exactly the station's current certificate on the station's host
 * names, and it grants no web permission. The station UI needs no camera, microphone, geolocation,
 * notifications or clipboard access through the web API (docs/architecture-desktop.md "Guards"), so both
 * the asynchronous requests and the synchronous checks Chromium makes before them are denied.
 */
export function guardSession(session: SessionApi, station: { fingerprint: () => string }): void {
  session.setCertificateVerifyProc((request, callback) => {
    // Read at every check: the fingerprint follows renewals, imports and listener moves.
    callback(
      verifyStationCertificate(
        { hostname: request.hostname, certificatePem: request.certificate.data },
        { hostnames: STATION_HOSTNAMES, fingerprint: station.fingerprint },
      ),
    )
  })
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
