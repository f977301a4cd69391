import {
  loginResponseSchema,
  sessionStatusSchema,
  setupStatusSchema,
  type LoginResponse,
  type SessionStatus,
  type SetupStatus,
} from '../../../server/contract/auth'
import {
  tlsBackupSchema,
  tlsStatusSchema,
  type AcmeOrderRequest,
  type GenerateSelfSignedRequest,
  type ImportFilesRequest,
  type ImportPemRequest,
  type ImportPfxRequest,
  type RestoreRequest,
  type TlsBackup,
  type TlsStatus,
} from '../../../server/contract/tls'
import { ApiError, type HttpClient } from './http-client'

/**
 * Reads of the access and TLS APIs. A station without one of them answers 404: the caller gets
 * `undefined` and shows nothing for it, rather than an error banner for a feature that is not there.
 */
export function createStationApi(http: HttpClient) {
  const optional = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read()
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined
      throw error
    }
  }
  return {
    /** Who is signed in, answered 200 signed in or not (undefined: the station has no access API). */
    session: (): Promise<SessionStatus | undefined> =>
      optional(() => http.request('GET', '/api/v1/auth/session', sessionStatusSchema)),
    login: (username: string, password: string): Promise<LoginResponse> =>
      http.request('POST', '/api/v1/auth/login', loginResponseSchema, { username, password }),
    /** Whether the station still waits for its first admin, and the first admin's name where it tells (public). */
    setupStatus: async (): Promise<SetupStatus> =>
      (await optional(() => http.request('GET', '/api/v1/auth/setup', setupStatusSchema))) ?? { needed: false },
    setup: (code: string, username: string, password: string): Promise<LoginResponse> =>
      http.request('POST', '/api/v1/auth/setup', loginResponseSchema, { code, username, password }),
    logout: (): Promise<void> => http.send('POST', '/api/v1/auth/logout'),
    reauth: (password: string): Promise<void> => http.send('POST', '/api/v1/auth/reauth', { password }),
    tlsStatus: (): Promise<TlsStatus | undefined> =>
      optional(() => http.request('GET', '/api/v1/tls/status', tlsStatusSchema)),
    /** Certificate changes; each answers with the new status. */
    tls: {
      generateSelfSigned: (request: GenerateSelfSignedRequest) =>
        http.request('POST', '/api/v1/tls/self-signed', tlsStatusSchema, request),
      importPem: (request: ImportPemRequest) =>
        http.request('POST', '/api/v1/tls/import/pem', tlsStatusSchema, request),
      importPfx: (request: ImportPfxRequest) =>
        http.request('POST', '/api/v1/tls/import/pfx', tlsStatusSchema, request),
      /** Paths on the station's machine; the station watches the files and reloads them when they change. */
      importFiles: (request: ImportFilesRequest) =>
        http.request('POST', '/api/v1/tls/import/files', tlsStatusSchema, request),
      restore: (request: RestoreRequest) => http.request('POST', '/api/v1/tls/restore', tlsStatusSchema, request),
      orderAcme: (request: AcmeOrderRequest) =>
        http.request('POST', '/api/v1/tls/acme/order', tlsStatusSchema, request),
      renew: () => http.request('POST', '/api/v1/tls/renew', tlsStatusSchema),
    },
    /** The certificate and its key encrypted under the passphrase (a POST: the passphrase travels in the body). */
    tlsBackup: (passphrase: string): Promise<TlsBackup> =>
      http.request('POST', '/api/v1/tls/backup', tlsBackupSchema, { passphrase }),
  }
}

export type StationApi = ReturnType<typeof createStationApi>
