import { afterEach, describe, expect, it, vi } from 'vitest'
import { connectStream, reconnectDelay, streamUrl, type StreamStatus } from './stream-client'
import { STREAM_PROTOCOL_VERSION } from '../../../server/contract/stream'

afterEach(() => vi.useRealTimers())

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: (() => void) | null = null
  closed = false
  sent: unknown[] = []
  constructor(readonly url: string) {}
  send(text: string) {
    this.sent.push(JSON.parse(text))
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
  drop() {
    this.onclose?.()
  }
  close() {
    this.closed = true
    this.onclose?.()
  }
}

function harness(resumeFrom?: () => { runId: string; afterSeq: number } | undefined) {
  const sockets: FakeSocket[] = []
  const statuses: StreamStatus[] = []
  const frames: number[] = []
  const sources: string[] = []
  const client = connectStream(
    {
      ...{ onStatus: (s: StreamStatus) => statuses.push(s), onFrame: (f: { seq: number }) => frames.push(f.seq) },
      onSource: (source: string) => sources.push(source),
      ...(resumeFrom ? { resumeFrom } : {}),
    },
    {
      url: 'wss://station/api/v1/stream',
      minDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 1,
      createSocket: (url) => {
        const socket = new FakeSocket(url)
        sockets.push(socket)
        return socket as unknown as WebSocket
      },
    },
  )
  return { sockets, statuses, frames, sources, client }
}

const hello = { type: 'hello', protocol: STREAM_PROTOCOL_VERSION, serverVersion: '0.1.0', source: 'simulation' }
const stack = {
  voltageV: 1.5,
  currentA: 0.002,
  powerW: 0.003,
  loadConnected: true,
  loadOhm: 600,
  feedLPerDay: 0.15,
  temperatureK: 298.15,
}
const telemetry = (seq: number) => ({
  type: 'telemetry',
  source: 'simulation',
  runId: 'r',
  seq,
  simTimeS: seq,
  wallTimeMs: 0,
  state: 'running',
  controller: 'fixed',
  cells: [],
  stack,
})

describe('stream client', () => {
  it('builds the stream URL on the page origin', () => {
    expect(streamUrl({ protocol: 'https:', host: '127.0.0.1:8443' })).toBe('wss://127.0.0.1:8443/api/v1/stream')
  })

  it('backs off exponentially up to the maximum, with jitter below the base', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => reconnectDelay(n, 500, 10_000, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000,
    ])
    expect(reconnectDelay(0, 500, 10_000, () => 0)).toBe(400)
  })

  it('goes live on hello, passes frames on, ignores malformed messages', () => {
    const { sockets, statuses, frames, sources } = harness()
    sockets[0]!.receive(hello)
    expect(sources).toEqual(['simulation'])
    sockets[0]!.receive(telemetry(1))
    sockets[0]!.receive({ type: 'telemetry', seq: 'two' })
    sockets[0]!.receive({ type: 'unknown' })
    sockets[0]!.receive(telemetry(2))
    sockets[0]!.receive({ type: 'event', wallTimeMs: 1, event: { kind: 'controller', controller: 'pid' } })
    expect(statuses).toEqual(['connecting', 'live'])
    expect(frames).toEqual([1, 2])
  })

  it('reconnects after a drop with growing delays, and resets the backoff once live again', () => {
    vi.useFakeTimers()
    const { sockets, statuses } = harness()
    sockets[0]!.drop()
    expect(statuses.at(-1)).toBe('reconnecting')
    vi.advanceTimersByTime(99)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    sockets[1]!.drop()
    vi.advanceTimersByTime(199)
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(3)
    sockets[2]!.receive(hello)
    expect(statuses.at(-1)).toBe('live')
    sockets[2]!.drop()
    vi.advanceTimersByTime(100)
    expect(sockets).toHaveLength(4)
  })

  it('asks for the frames it missed once the reconnected stream says hello', () => {
    vi.useFakeTimers()
    let last: { runId: string; afterSeq: number } | undefined
    const { sockets } = harness(() => last)
    sockets[0]!.receive(hello)
    expect(sockets[0]!.sent).toEqual([]) // nothing seen yet: nothing to resume
    last = { runId: 'r', afterSeq: 41 }
    sockets[0]!.drop()
    vi.advanceTimersByTime(100)
    sockets[1]!.receive(hello)
    expect(sockets[1]!.sent).toEqual([{ type: 'resume', runId: 'r', afterSeq: 41 }])
  })

  it('stops for good on a protocol mismatch and on close()', () => {
    vi.useFakeTimers()
    const mismatch = harness()
    mismatch.sockets[0]!.receive({ ...hello, protocol: 99 })
    vi.advanceTimersByTime(60_000)
    expect(mismatch.sockets).toHaveLength(1)
    expect(mismatch.statuses.at(-1)).toBe('offline')

    const closing = harness()
    closing.client.close()
    vi.advanceTimersByTime(60_000)
    expect(closing.sockets).toHaveLength(1)
    expect(closing.sockets[0]!.closed).toBe(true)
    expect(closing.statuses.at(-1)).toBe('offline')
  })
})
