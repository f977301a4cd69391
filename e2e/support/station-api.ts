import { request } from 'node:https'
import { E2E_API_TOKEN, type StationProcess } from './station-process.js'

/** Calls the station's API from the test (to set up or check state) with the e2e token, trusting only its certificate. */
export function stationApi(station: Pick<StationProcess, 'url' | 'certificatePem'>, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, station.url), { method, ca: station.certificatePem, headers: { authorization: `Bearer ${E2E_API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) }))
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}
