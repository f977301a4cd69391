import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { serverMessageSchema, type ServerMessage } from '../../server/contract/stream.js'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// A client of the reference MFC monitoring system (docs/stream-protocol.md "Reference clients"): it opens
// the stream on the root path and keeps it alive with {"type":"ping"} messages.
let station: TestStation | undefined
afterEach(async () => {
  await station?.dispose()
  station = undefined
})

/** Opens the stream on `path` and collects every message; `next(type)` waits for one of that type. */
async function connect(s: TestStation, path: string, headers: Record<string, string>) {
  const ws = new WebSocket(`${s.url.replace('https', 'wss')}${path}`, { ca: s.certificatePem, headers })
  const messages: ServerMessage[] = []
  const waiting = new Map<string, (message: ServerMessage) => void>()
  ws.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(String(data)))
    messages.push(message)
    waiting.get(message.type)?.(message)
  })
  const next = (type: ServerMessage['type']) =>
    new Promise<ServerMessage>((resolve) => waiting.set(type, (message) => (waiting.delete(type), resolve(message))))
  const closed = new Promise<number>((resolve) => {
    ws.once('close', (code) => resolve(code))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
  })
  return { ws, messages, next, closed }
}

describe('reference stream clients', () => {
  it('get {"type":"pong"} for {"type":"ping"} on the root path, then telemetry as on /api/v1/stream', async () => {
    station = await startTestStation()
    const client = await connect(station, '/', { authorization: `Bearer ${station.adminToken}` })
    await client.next('hello')
    const pong = client.next('pong')
    client.ws.send(JSON.stringify({ type: 'ping', timestamp: 1764000000 }))
    expect(await pong).toEqual({ type: 'pong' })
    expect((await client.next('telemetry')).type).toBe('telemetry')
    expect(client.messages.some((message) => message.type === 'error')).toBe(false)
    client.ws.close()
  })

  it('applies the same checks on the root path: no credentials is close 1008, a foreign Host is 421', async () => {
    station = await startTestStation()
    expect(await (await connect(station, '/', {})).closed).toBe(1008)
    const foreign = await connect(station, '/', { host: 'evil.example', authorization: `Bearer ${station.adminToken}` })
    expect(await foreign.closed).toBe(421)
  })

  it('answers ping on /api/v1/stream too, and still refuses other paths with 404', async () => {
    station = await startTestStation()
    const client = await connect(station, '/api/v1/stream', { authorization: `Bearer ${station.adminToken}` })
    await client.next('hello')
    const pong = client.next('pong')
    client.ws.send('{"type":"ping"}')
    expect(await pong).toEqual({ type: 'pong' })
    client.ws.close()
    expect(await (await connect(station, '/ws', { authorization: `Bearer ${station.adminToken}` })).closed).toBe(404)
  })
})
