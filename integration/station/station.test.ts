import { afterEach, describe, expect, it } from 'vitest'
import { connect } from 'node:tls'
import { WebSocket } from 'ws'
import { errorBodySchema } from '../../server/contract/errors.js'
import { healthSchema } from '../../server/contract/health.js'
import {
  serverMessageSchema,
  STREAM_PATH,
  STREAM_PROTOCOL_VERSION,
  type ServerMessage,
  type TelemetryFrame,
} from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation | undefined
afterEach(async () => {
  await station?.dispose()
  station = undefined
})

function openStream(s: TestStation, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(`${s.url.replace('https', 'wss')}${STREAM_PATH}`, {
    ca: s.certificatePem,
    headers: { authorization: `Bearer ${s.adminToken}`, ...headers },
  })
}

/** The first `count` messages of the given types (every message is checked against the contract). */
function nextMessages(
  ws: WebSocket,
  count: number,
  types: ReadonlyArray<ServerMessage['type']> = ['hello', 'telemetry'],
): Promise<ServerMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: ServerMessage[] = []
    ws.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(String(data)))
      if (types.includes(message.type)) messages.push(message)
      if (messages.length === count) resolve(messages)
    })
    ws.on('error', reject)
  })
}

describe('station over real TLS', () => {
  it('answers health with status JSON, verified against its own certificate', async () => {
    station = await startTestStation()
    const res = await httpsRequest(station, '/api/v1/health')
    expect(res.status).toBe(200)
    const health = healthSchema.parse(JSON.parse(res.body))
    expect(health.status).toBe('ok')
    expect(health.version).toBe(station.version)
    // Signed in, health lists every component: the supervised services and the certificate.
    const detail = JSON.parse(res.body) as {
      components: Array<{ name: string; up: boolean; lastError: string | null }>
    }
    expect(detail.components.map((c) => c.name)).toEqual(expect.arrayContaining(['simulation', 'tls']))
    expect(detail.components.every((c) => c.up)).toBe(true)
    const anonymous = JSON.parse((await httpsRequest(station, '/api/v1/health', { anonymous: true })).body) as Record<
      string,
      unknown
    >
    expect(anonymous['components']).toBeUndefined()
  })

  it('reports a certificate close to expiry as a degraded component and an alert', async () => {
    station = await startTestStation({ tls: { validityDays: 5 } })
    const detail = JSON.parse((await httpsRequest(station, '/api/v1/health')).body) as {
      status: string
      components: Array<{ name: string; up: boolean; lastError: string | null }>
    }
    const tls = detail.components.find((c) => c.name === 'tls')!
    expect(tls.up).toBe(false)
    expect(tls.lastError).toMatch(/day/)
    expect(detail.status).toBe('degraded')
    const status = JSON.parse((await httpsRequest(station, '/api/v1/tls/status')).body) as {
      daysLeft: number
      alerts: Array<{ kind: string; daysLeft: number }>
    }
    expect(status.daysLeft).toBeLessThanOrEqual(5)
    expect(status.alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'expiry', daysLeft: status.daysLeft })]),
    )
  })

  it('serves an ECDSA P-256 certificate for 127.0.0.1 with TLS 1.2 as the floor', async () => {
    station = await startTestStation()
    const { port } = station
    const peer = await new Promise<{ fingerprint256: string; protocol: string | null; curve: string | undefined }>(
      (resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ca: station!.certificatePem, servername: undefined }, () => {
          const cert = socket.getPeerX509Certificate()
          resolve({
            fingerprint256: cert?.fingerprint256 ?? '',
            protocol: socket.getProtocol(),
            curve: cert?.publicKey.asymmetricKeyDetails?.namedCurve,
          })
          socket.end()
        })
        socket.on('error', reject)
      },
    )
    expect(peer.fingerprint256).toBe(station.fingerprint)
    expect(peer.curve).toBe('prime256v1')
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect(
          { host: '127.0.0.1', port, ca: station!.certificatePem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' },
          () => resolve('connected'),
        )
        socket.on('error', reject)
      }),
    ).rejects.toThrow()
  })
})

describe('the HTTP answers of a real station', () => {
  it('returns the one JSON error shape for unknown routes and malformed bodies', async () => {
    station = await startTestStation()
    const missing = await httpsRequest(station, '/api/v1/nope')
    expect(missing.status).toBe(404)
    expect(missing.headers['content-type']).toMatch(/^application\/json/)
    expect(errorBodySchema.parse(JSON.parse(missing.body)).error.code).toBe('not_found')

    const malformed = await httpsRequest(station, '/api/v1/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken"',
    })
    expect(malformed.status).toBe(400)
    expect(errorBodySchema.parse(JSON.parse(malformed.body)).error.code).toBe('bad_request')

    const tooLarge = await httpsRequest(station, '/api/v1/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(200_000) }),
    })
    expect(tooLarge.status).toBe(413)
    expect(errorBodySchema.parse(JSON.parse(tooLarge.body)).error.code).toBe('payload_too_large')
  })

  it('sends strict security headers and no X-Powered-By', async () => {
    station = await startTestStation()
    const res = await httpsRequest(station, '/api/v1/health')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/)
    expect(res.headers['x-powered-by']).toBeUndefined()
  })
})

describe('the stream of a real station', () => {
  it('streams hello then telemetry frames with increasing sequence numbers over WSS', async () => {
    station = await startTestStation({ sim: { tickHz: 50, speed: 600 } })
    const ws = openStream(station)
    const [hello, first, second] = await nextMessages(ws, 3)
    ws.close()
    expect(hello).toMatchObject({
      type: 'hello',
      protocol: STREAM_PROTOCOL_VERSION,
      serverVersion: station.version,
      source: 'simulation',
    })
    const frames = [first, second] as TelemetryFrame[]
    expect(frames.map((f) => f.type)).toEqual(['telemetry', 'telemetry'])
    expect(frames[1]!.seq).toBe(frames[0]!.seq + 1)
    expect(frames[1]!.simTimeS).toBeCloseTo(frames[0]!.simTimeS + 600 / 50, 6)
    // The default scenario: five cells in series, their voltages adding up to the load voltage.
    const frame = frames[0]!
    expect(frame.cells).toHaveLength(5)
    expect(frame.state).toBe('running')
    expect(frame.source).toBe('simulation')
    const sum = frame.cells.reduce((total, cell) => total + cell.voltageV!, 0)
    expect(frame.stack.voltageV).toBeCloseTo(sum, 6)
    expect(frame.stack.voltageV).toBeLessThan(5 * 0.6744)
    expect(frame.stack.powerW).toBeCloseTo(frame.stack.voltageV! * frame.stack.currentA!, 9)
    // Commanded and actual load and feed: no fault, so they agree.
    expect(frame.stack.loadActualOhm).toBe(frame.stack.loadOhm)
    expect(frame.stack.feedActualLPerDay).toBe(frame.stack.feedLPerDay)
    // A later client's hello names the process start and the current run.
    const again = openStream(station)
    const [laterHello] = await nextMessages(again, 1)
    again.close()
    expect(laterHello).toMatchObject({ type: 'hello', runId: frame.runId, startedAtMs: expect.any(Number) })
    expect((laterHello as { startedAtMs: number }).startedAtMs).toBeLessThanOrEqual(Date.now())
  })

  it('refuses stream upgrades from a foreign origin and on other paths', async () => {
    station = await startTestStation()
    const foreign = openStream(station, { Origin: 'https://evil.example' })
    const status = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    )
    expect(status).toBe(403)

    const own = openStream(station, { Origin: station.url })
    await new Promise((resolve, reject) => {
      own.on('open', resolve)
      own.on('error', reject)
    })
    own.close()

    const wrongPath = new WebSocket(`${station.url.replace('https', 'wss')}/api/v1/other`, {
      ca: station.certificatePem,
    })
    const wrongStatus = await new Promise<number>((resolve) =>
      wrongPath.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    )
    expect(wrongStatus).toBe(404)
  })

  it('closes open streams with 1001 going-away on shutdown', async () => {
    station = await startTestStation()
    const ws = openStream(station)
    await new Promise((resolve) => ws.on('open', resolve))
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    await station.close()
    expect(await closed).toBe(1001)
  })
})

describe('station lifecycle', () => {
  it('reuses its certificate across restarts of the same data dir', async () => {
    station = await startTestStation()
    const { fingerprint, dataDir } = station
    await station.close()
    const again = await startTestStation({}, dataDir)
    station = again
    expect(again.fingerprint).toBe(fingerprint)
  })

  it('fails to start with a clear message when the port is taken', async () => {
    station = await startTestStation()
    await expect(startTestStation({ port: station.port })).rejects.toThrow(
      new RegExp(`port ${station.port} on 127.0.0.1 is already in use`),
    )
  })
})
