import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  call,
  closedAfter,
  componentHealth,
  metric,
  openNeverReadingStream,
  openTls,
  type StationTarget,
} from '../../server/testing/station-client.js'
import { startStationProcess, type StationProcess } from '../../server/testing/station-process.js'

// Hostile clients against a real station process (docs/security.md "Limits"): every pattern is bounded by
// a limit and counted in metrics. Deadlines are shortened through the environment so the suite is quick.
const TOKEN = 'mfc_hostile_clients_operator_token_0123'
const env = {
  MFC_API_TOKEN: TOKEN,
  MFC_HTTP_HANDSHAKE_TIMEOUT_SECONDS: '2',
  MFC_HTTP_HEADERS_TIMEOUT_SECONDS: '2',
  MFC_HTTP_REQUEST_TIMEOUT_SECONDS: '3',
  MFC_HTTP_IDLE_TIMEOUT_SECONDS: '6',
  MFC_HTTP_MAX_PER_IP: '100',
  MFC_RATE_LIMIT_AUTHENTICATED: '100000',
  MFC_STREAM_HEARTBEAT_SECONDS: '1',
}
const dataDir = mkdtempSync(join(tmpdir(), 'mfc-hostile-'))
let running: StationProcess
let station: StationTarget
beforeAll(async () => {
  running = await startStationProcess({ dataDir, env, args: ['--secrets', 'file', '--no-auto-start'] })
  station = { ...running, token: TOKEN }
})
afterAll(async () => {
  await running?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const port = () => Number(new URL(station.url).port)
/** A raw TCP connection, with its close watched from the start (a refused one closes at once). */
const rawTcp = (from = '127.0.0.1') =>
  new Promise<{ socket: Socket; closed: ReturnType<typeof closedAfter> }>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: port(), localAddress: from })
    const closed = closedAfter(socket)
    socket.once('connect', () => resolve({ socket, closed }))
    socket.once('error', reject)
  })
const timedOut = (phase: string) => metric(station, `mfc_http_connections_timed_out_total{phase="${phase}"}`)

describe('hostile clients against a station process', () => {
  it('cuts TCP connections that never start TLS at the handshake deadline', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => rawTcp()))
    const closed = await Promise.all(sockets.map((entry) => entry.closed))
    expect(Math.max(...closed.map((entry) => entry.ms))).toBeLessThan(4500)
    expect(await timedOut('handshake')).toBeGreaterThanOrEqual(20)
  })

  it('cuts TLS connections that never send a request at the headers deadline, with a 408', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => openTls(station)))
    const closed = await Promise.all(sockets.map((socket) => closedAfter(socket)))
    expect(Math.max(...closed.map((entry) => entry.ms))).toBeLessThan(4500)
    expect(closed[0]?.received).toMatch(/^HTTP\/1.1 408 Request Timeout/)
    expect(await timedOut('headers')).toBeGreaterThanOrEqual(20)
  })

  it('cuts headers sent a byte at a time at the headers deadline', async () => {
    const socket = await openTls(station)
    const closed = closedAfter(socket)
    const drip = setInterval(() => socket.writable && socket.write('X'), 300)
    socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `)
    const { ms, received } = await closed
    clearInterval(drip)
    expect(ms).toBeLessThan(4500)
    expect(received).toMatch(/^HTTP\/1.1 408 /)
  })

  it('answers a body announced larger than the limit with 413 at once and closes the connection', async () => {
    const socket = await openTls(station)
    const closed = closedAfter(socket)
    socket.write(
      `POST /api/v1/access-requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{`,
    )
    const { ms, received } = await closed
    expect(received).toMatch(/^HTTP\/1.1 413 /)
    expect(ms).toBeLessThan(1500)
  })

  it('cuts a body that trickles in below the size limit at the request deadline', async () => {
    const before = await timedOut('body')
    const socket = await openTls(station)
    const closed = closedAfter(socket)
    socket.write(
      `POST /api/v1/access-requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{`,
    )
    const drip = setInterval(() => socket.writable && socket.write(' '), 300)
    const { ms, received } = await closed
    clearInterval(drip)
    expect(ms).toBeLessThan(5000)
    expect(received).toMatch(/^HTTP\/1.1 408 /)
    expect(await timedOut('body')).toBe(before + 1)
  })

  it('holds at most its per-address share for 1,000 connections from one address; others are served', async () => {
    const handshakesBefore = await timedOut('handshake')
    const flood = await Promise.all(Array.from({ length: 1000 }, () => rawTcp('127.0.0.5')))
    // The refused ones are closed at once; the accepted ones wait for their handshake deadline.
    let closed = 0
    for (const entry of flood) void entry.closed.then(() => (closed += 1))
    await vi.waitFor(() => expect(closed).toBeGreaterThanOrEqual(900), { timeout: 20_000, interval: 100 })
    // Each one was either refused over the cap or cut at its handshake deadline; on a slow machine a few
    // arrive after earlier ones were cut and take their place, so both limits are counted together.
    const refused = await metric(station, 'mfc_http_connections_refused_total{reason="per_address"}')
    expect(refused).toBeGreaterThanOrEqual(500)
    expect(refused + (await timedOut('handshake')) - handshakesBefore).toBeGreaterThanOrEqual(900)
    expect((await call(station, '/api/v1/health')).status).toBe(200)
    const held = await metric(station, 'mfc_http_connections')
    expect(held).toBeLessThanOrEqual(100 + 2)
    await Promise.all(flood.map((entry) => entry.closed))
    const { component } = await componentHealth(station, 'connections')
    expect(component).toMatchObject({ up: true })
  })
})

describe('a descriptor limit the connection total does not fit', () => {
  it('is lowered at start with one line, and health says when connections were refused for capacity', async () => {
    const limited = mkdtempSync(join(tmpdir(), 'mfc-hostile-nofile-'))
    const small = await startStationProcess({
      dataDir: limited,
      env,
      wrapper: ['prlimit', '--nofile=256:256'],
      args: ['--secrets', 'file', '--no-auto-start'],
    })
    try {
      const target: StationTarget = { ...small, token: TOKEN }
      expect(small.stderr()).toContain(
        'http.maxConnections 4096 does not fit the open-file limit 256: accepting at most 128 connections',
      )
      const { port: smallPort } = new URL(small.url)
      const flood = ['127.0.0.6', '127.0.0.7'].flatMap((from) =>
        Array.from({ length: 100 }, () => {
          const socket = connect({ host: '127.0.0.1', port: Number(smallPort), localAddress: from })
          socket.on('error', () => {})
          return closedAfter(socket)
        }),
      )
      // Every one is closed: the dropped at once, the accepted at their handshake deadline.
      await Promise.all(flood)
      const { status, component } = await componentHealth(target, 'connections')
      expect(status).toBe('degraded')
      expect(component?.lastError).toMatch(/^refused \d+ connections for capacity \(at most 128 open;/)
      expect(await metric(target, 'mfc_http_connections_refused_total{reason="capacity"}')).toBeGreaterThanOrEqual(60)
    } finally {
      await small.stop()
      rmSync(limited, { recursive: true, force: true })
    }
  })
})

describe('stream clients that stop reading', () => {
  it('terminates idle clients that answer no ping as dead peers, apart from slow consumers', async () => {
    const before = await metric(station, 'mfc_stream_dead_peer_disconnects_total')
    const silent = await Promise.all(Array.from({ length: 3 }, () => openNeverReadingStream(station)))
    await vi.waitFor(
      async () => expect(await metric(station, 'mfc_stream_dead_peer_disconnects_total')).toBe(before + 3),
      { timeout: 5000, interval: 250 },
    )
    for (const socket of silent) socket.destroy()
  })

  it('closes clients that are sent frames but never read them as slow consumers, and counts them', async () => {
    expect((await call(station, '/api/v1/simulation/start', { method: 'POST' })).status).toBe(200)
    const before = await metric(station, 'mfc_stream_slow_disconnects_total')
    const stalled = await Promise.all(Array.from({ length: 5 }, () => openNeverReadingStream(station)))
    await vi.waitFor(async () => expect(await metric(station, 'mfc_stream_slow_disconnects_total')).toBe(before + 5), {
      timeout: 6000,
      interval: 250,
    })
    await vi.waitFor(async () => expect(await metric(station, 'mfc_stream_clients')).toBe(0), { timeout: 3000 })
    for (const socket of stalled) socket.destroy()
  })
})
