import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { STREAM_PATH } from '../../server/contract/stream.js'
import { freeLoopbackPort, opensslSelfSigned } from '../../server/tls/testing/processes.js'
import {
  httpsRequest,
  startTestStation,
  TEST_ADMIN_PASSWORD,
  type TestStation,
} from '../../server/testing/station-fixture.js'

// Debian's nginx in front of a real station, configured by the shipped resources/nginx/mfc-station.conf
// with only the marked values replaced. Everything runs on loopback: nginx reaches the station from
// 127.0.0.2 (the one trusted proxy address) and clients come from 127.0.0.1 or 127.0.0.3.
const NGINX = '/usr/sbin/nginx'
const shipped = fileURLToPath(new URL('../../resources/nginx/mfc-station.conf', import.meta.url))
const missing = [
  [NGINX, 'nginx-light'],
  ['/usr/bin/openssl', 'openssl'],
]
  .filter(([path]) => !existsSync(path!))
  .map(([path, pkg]) => `${path} (Debian package ${pkg})`)
if (missing.length > 0 && process.env['CI'] !== 'true')
  console.warn(`SKIPPING reverse-proxy tests: missing ${missing.join(', ')}`)

const PUBLIC = 'proxy.test'
let station: TestStation
let nginx: ChildProcess | undefined
let dir: string
let proxyPort: number
let proxyCert: string

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const open = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)))
      socket.on('error', () => resolve(false))
    })
  await vi
    .waitFor(
      async () => {
        if (!(await open())) throw new Error('not listening yet')
      },
      { timeout: timeoutMs, interval: 50 },
    )
    .catch(() => {
      throw new Error(
        `nginx did not listen on ${port} within ${timeoutMs} ms: ${readFileSync(join(dir, 'error.log'), 'utf8')}`,
      )
    })
}

/** The shipped site file with the four marked values (and a test-only source address) filled in. */
function siteConfig(stationPort: number): string {
  const replacements: Array<[string | RegExp, string]> = [
    ['server 127.0.0.1:8443;', `server 127.0.0.1:${stationPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${proxyPort} ssl http2;`],
    [/\n\s*listen \[::\]:443 ssl http2;/, ''],
    ['server_name station.example.org;', `server_name ${PUBLIC};`],
    ['/etc/ssl/certs/station.example.org.pem', join(dir, 'proxy.crt')],
    ['/etc/ssl/private/station.example.org.key', join(dir, 'proxy.key')],
    ['/etc/nginx/mfc-station.crt', join(dir, 'station.crt')],
    ['proxy_pass https://mfc_station;', 'proxy_pass https://mfc_station;\n        proxy_bind 127.0.0.2;'],
  ]
  let text = readFileSync(shipped, 'utf8')
  for (const [from, to] of replacements) {
    const next = text.replace(from, to)
    if (next === text) throw new Error(`the shipped nginx config no longer contains ${String(from)}`)
    text = next
  }
  return text
}

beforeAll(async () => {
  if (missing.length > 0) {
    if (process.env['CI'] === 'true') throw new Error(`the reverse-proxy test needs ${missing.join(', ')}`)
    return
  }
  dir = mkdtempSync(join(tmpdir(), 'mfc-nginx-'))
  proxyPort = await freeLoopbackPort()
  station = await startTestStation({
    security: { trustProxy: ['127.0.0.2'], allowedHosts: [`${PUBLIC}:${proxyPort}`], neverBan: [] },
  })
  opensslSelfSigned({
    commonName: PUBLIC,
    subjectAltName: `DNS:${PUBLIC}`,
    days: 1,
    keyPath: join(dir, 'proxy.key'),
    certPath: join(dir, 'proxy.crt'),
  })
  proxyCert = readFileSync(join(dir, 'proxy.crt'), 'utf8')
  writeFileSync(join(dir, 'station.crt'), station.certificatePem)
  writeFileSync(join(dir, 'site.conf'), siteConfig(station.port))
  // Root would make workers switch to "nobody", who cannot read this private temp dir.
  const user = process.getuid?.() === 0 ? 'user root root;' : ''
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${join(dir, name)};`)
    .join('\n    ')
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}\nworker_processes 1;\nerror_log ${join(dir, 'error.log')} warn;\npid ${join(dir, 'nginx.pid')};\nevents { worker_connections 256; }\nhttp {\n    access_log off;\n    ${temp}\n    include ${join(dir, 'site.conf')};\n}\n`,
  )
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  })
  await waitForPort(proxyPort, 10_000)
}, 60_000)

afterAll(async () => {
  if (nginx?.pid !== undefined && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve))
    nginx.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
    if (nginx.exitCode === null) nginx.kill('SIGKILL')
  }
  await station?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string }
/** A request to the proxy's public name, trusting only the proxy's certificate, from a chosen loopback address. */
function viaProxy(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        path,
        method: init.method ?? 'GET',
        servername: PUBLIC,
        ca: proxyCert,
        localAddress: init.from ?? '127.0.0.1',
        headers: { host: `${PUBLIC}:${proxyPort}`, ...init.headers },
        checkServerIdentity: () => undefined,
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

function streamViaProxy(headers: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${proxyPort}${STREAM_PATH}`, {
      ca: proxyCert,
      servername: PUBLIC,
      headers: { host: `${PUBLIC}:${proxyPort}`, ...headers },
    } as ConstructorParameters<typeof WebSocket>[2])
    const types: string[] = []
    const timer = setTimeout(
      () => (ws.terminate(), reject(new Error(`no frames through the proxy: ${types.join(',')}`))),
      10_000,
    )
    ws.on('message', (data) => {
      types.push((JSON.parse(String(data)) as { type: string }).type)
      if (types.includes('telemetry')) {
        clearTimeout(timer)
        ws.close()
        resolve(types)
      }
    })
    ws.on(
      'close',
      (code) => (clearTimeout(timer), types.includes('telemetry') || reject(new Error(`stream closed ${code}`))),
    )
    ws.on('error', (error) => (clearTimeout(timer), reject(error)))
  })
}

describe.skipIf(missing.length > 0 && process.env['CI'] !== 'true')(
  'behind nginx (shipped resources/nginx/mfc-station.conf)',
  () => {
    it('logs in, uses the API with CSRF, and streams over WSS with a cookie and with a token', async () => {
      expect((await viaProxy('/api/v1/health')).status).toBe(200)
      const login = await viaProxy('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
        from: '127.0.0.3',
      })
      expect(login.status).toBe(200)
      const cookie = ([login.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!
      const { csrfToken } = JSON.parse(login.body) as { csrfToken: string }
      expect(JSON.parse((await viaProxy('/api/v1/auth/me', { headers: { cookie } })).body)).toMatchObject({
        name: 'admin',
      })
      const created = await viaProxy('/api/v1/tokens', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'via-proxy', scopes: ['telemetry:read'] }),
      })
      expect(created.status).toBe(201)
      const { token } = JSON.parse(created.body) as { token: string }

      expect(await streamViaProxy({ cookie, origin: `https://${PUBLIC}:${proxyPort}` })).toEqual(
        expect.arrayContaining(['hello', 'telemetry']),
      )
      expect(await streamViaProxy({ authorization: `Bearer ${token}` })).toEqual(
        expect.arrayContaining(['hello', 'telemetry']),
      )

      // The audit log names the real client (127.0.0.3) that nginx reported, not the proxy.
      const audit = JSON.parse((await httpsRequest(station, '/api/v1/security/audit?action=login')).body) as Array<{
        ip?: string
      }>
      expect(audit[0]?.ip).toBe('127.0.0.3')
    })

    it('takes the client address from X-Forwarded-For only when the request came through the proxy', async () => {
      const rule = await httpsRequest(station, '/api/v1/security/ip-rules', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'deny', cidr: '127.0.0.3/32' }),
      })
      expect(rule.status).toBe(201)
      try {
        expect((await viaProxy('/api/v1/health', { from: '127.0.0.3' })).status).toBe(403)
        expect((await viaProxy('/api/v1/health', { from: '127.0.0.1' })).status).toBe(200)
        // A client cannot smuggle an address past nginx (it overwrites the header)...
        expect(
          (await viaProxy('/api/v1/health', { from: '127.0.0.3', headers: { 'x-forwarded-for': '198.51.100.1' } }))
            .status,
        ).toBe(403)
        // ...and a direct client is not a trusted proxy, so its header is ignored.
        expect(
          (await httpsRequest(station, '/api/v1/health', { headers: { 'x-forwarded-for': '127.0.0.3' } })).status,
        ).toBe(200)
      } finally {
        await httpsRequest(station, `/api/v1/security/ip-rules/${(JSON.parse(rule.body) as { id: string }).id}`, {
          method: 'DELETE',
        })
      }
    })

    it('refuses a foreign Host through the proxy with 421', async () => {
      const res = await viaProxy('/api/v1/health', { headers: { host: 'evil.example' } })
      expect(res.status).toBe(421)
    })
  },
)
