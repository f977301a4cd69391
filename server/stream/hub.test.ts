import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import {
  serverMessageSchema,
  STREAM_CLOSE_SLOW_CONSUMER,
  type ServerMessage,
  type TelemetryFrame,
} from '../contract/stream.js'
import { silentLogger } from '../logger.js'
import { createStreamHub, type StreamHub, type StreamHubOptions, type StreamLimits } from './hub.js'

const open: Array<{ hub: StreamHub; server: Server; sockets: WebSocket[] }> = []
afterEach(async () => {
  for (const { hub, server, sockets } of open.splice(0)) {
    for (const ws of sockets) ws.terminate()
    await hub.close()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function startHub(
  limits: Partial<StreamLimits> = {},
  now = () => Date.now(),
  extra: Pick<StreamHubOptions, 'heartbeatMs' | 'authorize'> = {},
) {
  // As behind a trusted proxy: the address the limits count comes from a header here.
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const hub = createStreamHub({
    server,
    log: silentLogger,
    serverVersion: 'test',
    source: 'simulation',
    allowedOrigins: () => new Set(),
    limits,
    now,
    clientIp: (req) => String(req.headers['x-client'] ?? 'socket'),
    authorize: (req) => ({ outcome: 'ok', key: req.headers.authorization ?? 'none' }),
    ...extra,
  })
  const entry = { hub, server, sockets: [] as WebSocket[] }
  open.push(entry)
  const port = (server.address() as { port: number }).port
  /** A client collecting every parsed message; `next(type)` awaits the next message of that type. */
  const connect = async (token = 'a', client = 'socket') => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, {
      headers: { authorization: token, 'x-client': client },
    })
    entry.sockets.push(ws)
    const messages: ServerMessage[] = []
    ws.on('message', (data) => messages.push(serverMessageSchema.parse(JSON.parse(String(data)))))
    const until = (done: () => boolean) =>
      vi.waitFor(() => {
        if (!done()) throw new Error(`not yet; got ${JSON.stringify(messages.map((m) => m.type))}`)
      })
    await until(() => messages.some((m) => m.type === 'hello'))
    return { ws, messages, until, send: (message: unknown) => ws.send(JSON.stringify(message)) }
  }
  return { hub, port, connect }
}

const cell = {
  voltageV: 0.3,
  currentA: 0.01,
  powerW: 0.003,
  substrateMgL: 20,
  anodeLossV: 0.1,
  internalOhm: 50,
  alarms: [],
}
function frame(seq: number, cells = 3, wallTimeMs = seq * 100, runId = 'run-1'): TelemetryFrame {
  return {
    type: 'telemetry',
    source: 'simulation',
    runId,
    seq,
    simTimeS: seq,
    wallTimeMs,
    state: 'running',
    controller: 'fixed',
    cells: Array.from({ length: cells }, () => cell),
    stack: {
      voltageV: 0.9,
      currentA: 0.01,
      powerW: 0.009,
      loadConnected: true,
      loadOhm: 100,
      feedLPerDay: 1,
      temperatureK: 303,
    },
  }
}

describe('stream hub', () => {
  it('sends full frames by default and narrowed, decimated samples after subscribe', async () => {
    const { hub, connect } = await startHub()
    const everything = await connect()
    const phone = await connect()
    phone.send({ type: 'subscribe', cells: [], maxHz: 2 })
    await phone.until(() => phone.messages.some((m) => m.type === 'subscribed'))
    for (let seq = 1; seq <= 20; seq += 1) hub.broadcast(frame(seq))
    hub.broadcast({ type: 'event', wallTimeMs: 0, event: { kind: 'controller', controller: 'pid' } })
    await everything.until(() => everything.messages.some((m) => m.type === 'event'))
    await phone.until(() => phone.messages.some((m) => m.type === 'event'))
    expect(everything.messages.filter((m) => m.type === 'telemetry')).toHaveLength(20)
    const samples = phone.messages.filter((m) => m.type === 'samples')
    // 2 s of frames at 2 Hz at most.
    expect(samples.length).toBeGreaterThanOrEqual(3)
    expect(samples.length).toBeLessThanOrEqual(5)
    expect(samples[0]).toMatchObject({ cells: [], stack: { powerW: 0.009 } })
    phone.send({ type: 'subscribe', stack: 'yes' })
    await phone.until(() => phone.messages.some((m) => m.type === 'error'))
    expect(phone.messages.find((m) => m.type === 'error')).toMatchObject({
      code: 'bad_message',
      message: expect.stringContaining('stack'),
    })
  })

  it('resumes from the ring and says when the history API must fill the rest', async () => {
    const { hub, connect } = await startHub({ resumeFrames: 5 })
    for (let seq = 1; seq <= 10; seq += 1) hub.broadcast(frame(seq))
    const client = await connect()
    client.send({ type: 'resume', runId: 'run-1', afterSeq: 8 })
    await client.until(() => client.messages.some((m) => m.type === 'resumed'))
    expect(client.messages.filter((m) => m.type === 'telemetry').map((m) => m.seq)).toEqual([9, 10])
    expect(client.messages.find((m) => m.type === 'resumed')).toMatchObject({ replayed: 2, complete: true })
    client.send({ type: 'resume', runId: 'run-1', afterSeq: 2 })
    await client.until(() => client.messages.filter((m) => m.type === 'resumed').length === 2)
    expect(client.messages.filter((m) => m.type === 'resumed')[1]).toMatchObject({
      replayed: 5,
      complete: false,
      historyToSeq: 5,
    })

    // A rate-limited client that already took live frames still gets its (thinned) replay.
    const phone = await connect()
    phone.send({ type: 'subscribe', cells: [], maxHz: 5 })
    await phone.until(() => phone.messages.some((m) => m.type === 'subscribed'))
    hub.broadcast(frame(11))
    await phone.until(() => phone.messages.some((m) => m.type === 'samples'))
    phone.send({ type: 'resume', runId: 'run-1', afterSeq: 6 })
    await phone.until(() => phone.messages.some((m) => m.type === 'resumed'))
    expect(phone.messages.filter((m) => m.type === 'samples').map((m) => (m as { seq: number }).seq)).toEqual([
      11, 7, 9, 11,
    ])
  })
})

describe('stream hub limits', () => {
  it('refuses connections over the per-address and per-credential limits and closes over-long messages with 1009', async () => {
    const { hub, connect, port } = await startHub({ maxConnectionsPerKey: 2, maxConnectionsPerIp: 3 })
    const first = await connect('t1')
    await connect('t1')
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, { headers: { authorization: 't1' } })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(refused).toBe(429)
    expect(hub.stats().refusedConnections).toBe(1)
    await connect('t2')
    // The address limit counts the resolved client address, not the (shared) socket peer.
    const refusedByAddress = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, {
        headers: { authorization: 't3', 'x-client': 'socket' },
      })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(refusedByAddress).toBe(429)
    await connect('t3', 'other-client')
    const code = await new Promise<number>((resolve) => {
      first.ws.on('close', (closeCode) => resolve(closeCode))
      first.ws.send('x'.repeat(10_000))
    })
    expect(code).toBe(1009)
    // The freed slots can be taken again.
    await connect('t1')
  })

  it('conflates for a client that stops reading, keeps others whole, and disconnects it after the grace period', async () => {
    let now = 0
    const { hub, connect } = await startHub(
      { highWaterBytes: 16 * 1024, maxQueueBytes: 64 * 1024, slowGraceMs: 1000 },
      () => now,
    )
    const healthy = await connect()
    const slow = await connect()
    // Stop reading: the kernel buffers fill, then the station's queue, then frames are conflated.
    ;(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    let seq = 0
    const big = () => frame((seq += 1), 400)
    for (let i = 0; i < 400 && hub.stats().framesDropped === 0; i += 1) {
      hub.broadcast(big())
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(hub.stats().framesDropped).toBeGreaterThan(0)
    expect(hub.stats().queuedBytes).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024)
    const closed = new Promise<number>((resolve) => slow.ws.on('close', (code) => resolve(code)))
    now += 1500
    hub.broadcast(big())
    ;(slow.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    expect(await closed).toBe(STREAM_CLOSE_SLOW_CONSUMER)
    expect(hub.stats().slowDisconnects).toBe(1)
    await healthy.until(() => healthy.messages.filter((m) => m.type === 'telemetry').length === seq)
  })
})

describe('stream hub heartbeat and failures', () => {
  const pausedSocket = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket

  it('closes a client that is sent data but answers no ping as a slow consumer, apart from dead peers', async () => {
    const { hub, connect } = await startHub({}, Date.now, { heartbeatMs: 150 })
    const reader = await connect()
    const stalled = await connect()
    pausedSocket(stalled.ws).pause()
    for (let seq = 1; seq <= 12; seq += 1) {
      hub.broadcast(frame(seq))
      await new Promise((resolve) => setTimeout(resolve, 40))
    }
    expect(hub.stats()).toMatchObject({ slowDisconnects: 1, deadPeerDisconnects: 0 })
    // Its close frame waits behind the unread data, so the socket is cut a second later.
    await vi.waitFor(() => expect(hub.stats().clients).toBe(1), { timeout: 2000 })
    await reader.until(() => reader.messages.filter((m) => m.type === 'telemetry').length === 12)
  })

  it('terminates a client that is sent nothing and answers no ping as a dead peer', async () => {
    const { hub, port } = await startHub({}, Date.now, { heartbeatMs: 150 })
    const silent = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, { autoPong: false })
    await new Promise((resolve) => silent.once('message', resolve))
    const code = await new Promise<number>((resolve) => silent.once('close', resolve))
    expect(code).toBe(1006)
    expect(hub.stats()).toMatchObject({ slowDisconnects: 0, deadPeerDisconnects: 1 })
  })

  it('refuses the upgrade with 503 when authorization throws, and keeps serving', async () => {
    let failing = true
    const { connect, port } = await startHub({}, Date.now, {
      authorize: () => {
        if (failing) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
        return { outcome: 'ok', key: 'k' }
      },
    })
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(refused).toBe(503)
    failing = false
    expect((await connect()).messages[0]?.type).toBe('hello')
  })
})
