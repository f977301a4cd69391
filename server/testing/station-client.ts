import { randomBytes } from 'node:crypto'
import { WebSocket } from 'ws'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import type { ComponentHealth } from '../contract/health.js'
import { httpsRequest, type HttpsResponse } from './station-fixture.js'
import type { StationProcess } from './station-process.js'

/** What the fault and hostile suites talk to: a station process and the bearer token it was started with. */
export type StationTarget = Pick<StationProcess, 'url' | 'certificatePem'> & { token: string }

/** A request with the target's bearer token (or `token: null` for none) and an optional JSON body. */
export function call(
  station: StationTarget,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<HttpsResponse> {
  const token = init.token === undefined ? station.token : init.token
  return httpsRequest({ url: station.url, certificatePem: station.certificatePem() }, path, {
    ...(init.method ? { method: init.method } : {}),
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
}

/** The signed-in health answer: the summary status and one component by name. */
export async function componentHealth(station: StationTarget, name: string) {
  const res = await call(station, '/api/v1/health')
  const health = JSON.parse(res.body) as { status: string; components: ComponentHealth[] }
  return { status: health.status, component: health.components.find((entry) => entry.name === name) }
}

/** A series `name{label="value",...}` as its name and labels. */
function seriesOf(text: string): { name: string; labels: Map<string, string> } {
  const brace = text.indexOf('{')
  if (brace < 0) return { name: text, labels: new Map() }
  const labels = [...text.slice(brace + 1, -1).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
    ([, k, v]) => [k!, v!] as const,
  )
  return { name: text.slice(0, brace), labels: new Map(labels) }
}

/**
 * One series of a Prometheus scrape (`name{label="value"}`), 0 when absent. The labels given must match;
 * others on the sample (the station's fleet labels, docs/publishing.md) do not matter.
 */
export async function metric(station: StationTarget, series: string): Promise<number> {
  const wanted = seriesOf(series)
  const text = (await call(station, '/metrics')).body
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue
    const cut = line.lastIndexOf(' ')
    const sample = seriesOf(line.slice(0, cut))
    if (sample.name !== wanted.name) continue
    if ([...wanted.labels].every(([key, value]) => sample.labels.get(key) === value)) return Number(line.slice(cut + 1))
  }
  return 0
}

/** A TLS connection to the station that trusts exactly its certificate; `from` picks the local address. */
export function openTls(station: StationTarget, from = '127.0.0.1'): Promise<TLSSocket> {
  const { port, hostname } = new URL(station.url)
  return new Promise((resolve, reject) => {
    // tls.connect takes every net.connect option (localAddress among them); its type lists only its own.
    const options: ConnectionOptions & { localAddress: string } = {
      ...{ host: hostname, port: Number(port), ca: station.certificatePem(), servername: 'localhost' },
      localAddress: from,
    }
    const socket = tlsConnect(options, () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Resolves with the milliseconds until `socket` is closed (by the station), and what it sent before. */
export function closedAfter(socket: {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  once(event: 'close', listener: () => void): unknown
}) {
  const started = Date.now()
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  return new Promise<{ ms: number; received: string }>((resolve) =>
    socket.once('close', () => resolve({ ms: Date.now() - started, received })),
  )
}

/**
 * A stream client that completes the WebSocket handshake with a bearer token and then never reads
 * again (RFC 6455 4.1 request written by hand): the hostile consumer the hub must let go.
 */
export async function openNeverReadingStream(station: StationTarget): Promise<TLSSocket> {
  const socket = await openTls(station)
  const { host } = new URL(station.url)
  socket.write(
    `GET /api/v1/stream HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      `Authorization: Bearer ${station.token}\r\n\r\n`,
  )
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())))
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`stream upgrade refused: ${head.split('\r\n')[0]}`)
  socket.pause()
  return socket
}

/** Opens the telemetry stream with the target's bearer token from `from` and resolves on its hello. */
export function openStream(station: StationTarget, from = '127.0.0.1'): Promise<WebSocket> {
  const url = station.url.replace(/^https:/, 'wss:') + '/api/v1/stream'
  const ws = new WebSocket(url, {
    ca: station.certificatePem(),
    headers: { authorization: `Bearer ${station.token}` },
    localAddress: from,
  })
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Signs in with a password: the cookie and CSRF headers a browser would send on later writes. */
export async function signIn(station: StationTarget, username: string, password: string) {
  const res = await call(station, '/api/v1/auth/login', { method: 'POST', token: null, body: { username, password } })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${res.body}`)
  const cookie = ([res.headers['set-cookie'] ?? []].flat()[0] ?? '').split(';')[0] ?? ''
  return { cookie, 'x-csrf-token': (JSON.parse(res.body) as { csrfToken: string }).csrfToken }
}
