import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import { createClientQueue, type QueueSocket } from './client-queue.js'
import { createConnectionCounter } from './connection-limits.js'
import { createResumeRing } from './resume-ring.js'
import { createDecimator, projectFrame, toSubscription } from './subscription.js'

const cell = (v: number) => ({
  voltageV: v,
  currentA: 0.01,
  powerW: v * 0.01,
  substrateMgL: 20,
  anodeLossV: 0.1,
  internalOhm: 50,
  alarms: [],
})
function frame(seq: number, runId = 'run-a', wallTimeMs = seq * 100): TelemetryFrame {
  return {
    type: 'telemetry',
    source: 'simulation',
    runId,
    seq,
    simTimeS: seq * 60,
    wallTimeMs,
    state: 'running',
    controller: 'fixed',
    cells: [cell(0.3), cell(0.31), cell(0.32)],
    stack: {
      voltageV: 0.93,
      currentA: 0.01,
      powerW: 0.0093,
      loadConnected: true,
      loadOhm: 100,
      feedLPerDay: 1,
      temperatureK: 303,
    },
  }
}

describe('subscriptions', () => {
  it('projects the chosen cells and channels, skipping cells the stack lacks', () => {
    const sub = toSubscription({
      type: 'subscribe',
      cells: [2, 0, 7, 2],
      channels: ['powerW', 'voltageV'],
      stack: false,
    })
    expect(sub.full).toBe(false)
    const samples = projectFrame(frame(5), sub)
    expect(samples).toMatchObject({ type: 'samples', runId: 'run-a', seq: 5 })
    expect(samples.cells).toEqual([
      { index: 0, voltageV: 0.3, powerW: 0.003 },
      { index: 2, voltageV: 0.32, powerW: 0.0032 },
    ])
    expect(samples.stack).toBeUndefined()
    expect(toSubscription({ type: 'subscribe', cells: [], stack: true }).key).not.toBe(sub.key)
    expect(toSubscription({ type: 'subscribe' }).full).toBe(true)
  })

  it('decimates to at most maxHz over time, tolerating timer jitter', () => {
    const admit = createDecimator(1)
    let sent = 0
    // 10 Hz for 60 s with +-8 ms jitter.
    for (let i = 0; i < 600; i += 1) if (admit(i * 100 + (i % 2 === 0 ? 8 : -8))) sent += 1
    expect(sent).toBeGreaterThanOrEqual(59)
    expect(sent).toBeLessThanOrEqual(61)
    // A rate that does not divide the tick rate: never two sends closer than 0.8 of an interval.
    const quarter = createDecimator(4)
    const admitted = Array.from({ length: 100 }, (_v, i) => i * 100).filter((t) => quarter(t))
    expect(Math.min(...admitted.slice(1).map((t, i) => t - admitted[i]!))).toBeGreaterThanOrEqual(200)
    expect(admitted.length).toBeLessThanOrEqual(41)
    const every = createDecimator(null)
    expect([1, 2, 3].every((t) => every(t))).toBe(true)
  })
})

/** A socket that buffers everything written until drain() flushes it (and runs the write callbacks). */
function fakeSocket() {
  const written: string[] = []
  let buffered = 0
  let pending: Array<() => void> = []
  const socket: QueueSocket & { written: string[]; drain(): void } = {
    written,
    get bufferedAmount() {
      return buffered
    },
    send(data, _options, callback) {
      written.push(data.toString())
      buffered += data.length
      if (callback) pending.push(callback)
    },
    drain() {
      buffered = 0
      const callbacks = pending
      pending = []
      for (const callback of callbacks) callback()
    },
  }
  return socket
}

describe('client queue', () => {
  it('writes straight through while the socket keeps up', () => {
    const socket = fakeSocket()
    const queue = createClientQueue(
      socket,
      { highWaterBytes: 100, maxQueueBytes: 1000 },
      { now: () => 0, onDrop: () => {} },
    )
    queue.offer(Buffer.from('a'.repeat(10)), true)
    queue.offer(Buffer.from('b'.repeat(10)), true)
    expect(socket.written).toHaveLength(2)
    expect(queue.queuedBytes()).toBe(0)
  })

  it('conflates frames to the newest when full, keeps events, and drains in order', () => {
    const socket = fakeSocket()
    let dropped = 0
    let now = 1000
    const queue = createClientQueue(
      socket,
      { highWaterBytes: 10, maxQueueBytes: 50 },
      { now: () => now, onDrop: (n) => (dropped += n) },
    )
    queue.offer(Buffer.from('f0'.padEnd(20)), true) // straight to the socket, which is now over its high water
    for (let i = 1; i <= 5; i += 1) queue.offer(Buffer.from(`f${i}`.padEnd(20)), true)
    queue.offer(Buffer.from('event'), false)
    queue.offer(Buffer.from('f6'.padEnd(20)), true)
    expect(queue.queuedBytes()).toBeLessThanOrEqual(50)
    expect(dropped).toBeGreaterThan(0)
    expect(queue.congestedSinceMs()).toBe(1000)
    now = 2000
    // The first write went out without a callback: the queue's retry timer (here called directly) resumes it.
    socket.drain()
    queue.flush()
    for (let i = 0; i < 10; i += 1) socket.drain()
    const received = socket.written.map((text) => text.trim())
    expect(received[0]).toBe('f0')
    expect(received).toContain('event')
    expect(received.at(-1)).toBe('f6')
    const seqs = received.filter((text) => text.startsWith('f')).map((text) => Number(text.slice(1)))
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    expect(seqs.length + dropped).toBe(7)
    expect(queue.congestedSinceMs()).toBeUndefined()
    queue.clear()
  })
})

describe('resume ring', () => {
  const entry = (seq: number, runId = 'run-a') => ({
    frame: frame(seq, runId),
    data: Buffer.from(`frame ${seq}`.padEnd(100)),
  })

  it('replays what was missed, or says what the history API must supply', () => {
    const ring = createResumeRing(5)
    for (let seq = 1; seq <= 8; seq += 1) ring.push(entry(seq))
    expect(ring.since('run-a', 6, 10_000)).toMatchObject({ complete: true, historyToSeq: null })
    expect(ring.since('run-a', 6, 10_000).entries.map((e) => e.frame.seq)).toEqual([7, 8])
    const late = ring.since('run-a', 1, 10_000)
    expect(late.entries.map((e) => e.frame.seq)).toEqual([4, 5, 6, 7, 8])
    expect(late).toMatchObject({ complete: false, historyToSeq: 3 })
    const capped = ring.since('run-a', 3, 250)
    expect(capped.entries.map((e) => e.frame.seq)).toEqual([7, 8])
    expect(capped.historyToSeq).toBe(6)
    expect(ring.since('run-a', 8, 10_000)).toEqual({ entries: [], complete: true, historyToSeq: null })
    expect(ring.since('other', 3, 10_000)).toEqual({ entries: [], complete: false, historyToSeq: null })
    ring.push(entry(1, 'run-b'))
    expect(ring.size()).toBe(1)
  })
})

describe('connection limits', () => {
  it('counts per address and per credential and frees on release', () => {
    const counter = createConnectionCounter({ perIp: 2, perKey: 3 })
    expect(counter.acquire('10.0.0.1', 'token:a')).toBe('ok')
    expect(counter.acquire('10.0.0.1', 'token:a')).toBe('ok')
    expect(counter.acquire('10.0.0.1', 'token:b')).toBe('ip')
    expect(counter.acquire('10.0.0.2', 'token:a')).toBe('ok')
    expect(counter.acquire('10.0.0.3', 'token:a')).toBe('key')
    counter.release('10.0.0.1', 'token:a')
    expect(counter.acquire('10.0.0.1', 'token:c')).toBe('ok')
  })
})
