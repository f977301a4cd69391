import { request } from 'node:https'
import { E2E_ADMIN, E2E_API_TOKEN, type StationProcess } from './station-process.js'

type Answer = { status: number; body: unknown; headers: Record<string, string | string[] | undefined> }
type Station = Pick<StationProcess, 'url' | 'certificatePem'>

/** A JSON answer parsed; anything else (the Prometheus text format) as the text. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function call(
  station: Station,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, station.url),
      {
        method,
        ca: station.certificatePem,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text === '' ? undefined : jsonOrText(text),
            headers: res.headers,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/**
 * Calls the station's API from the test (to set up or check state), trusting only its certificate:
 * with the e2e token by default, another token, or none (`null`, as an instrument that has none yet).
 */
export function stationApi(
  station: Station,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = E2E_API_TOKEN,
): Promise<{ status: number; body: unknown }> {
  return call(station, method, path, token === null ? {} : { authorization: `Bearer ${token}` }, body)
}

/** Signs the first admin in over the API (cookie session + CSRF token), for admin-only set-up such as creating users. */
export async function adminSession(
  station: Station,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>> {
  const login = await call(station, 'POST', '/api/v1/auth/login', {}, E2E_ADMIN)
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status} ${JSON.stringify(login.body)}`)
  const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!
  const { csrfToken } = login.body as { csrfToken: string }
  return (method, path, body) => call(station, method, path, { cookie, 'x-csrf-token': csrfToken }, body)
}
