import { afterEach, describe, expect, it, vi } from 'vitest'
import { X509Certificate } from 'node:crypto'
import { connect, type ConnectionOptions } from 'node:tls'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { STREAM_PATH } from '../../server/contract/stream.js'
import { startTestStation, type TestStation } from '../../server/testing/station-fixture.js'
import { leafCertificate, tempDir } from '../../server/tls/testing/material.js'
import type { PemPair } from '../../server/tls/self-signed.js'

let station: TestStation | undefined
let certDir: string | undefined
afterEach(async () => {
  await station?.dispose()
  if (certDir) rmSync(certDir, { recursive: true, force: true })
  station = certDir = undefined
})

type Handshake = { fingerprint256: string; reused: boolean; session: Buffer | undefined }

/** One TLS handshake with the station; resolves once the TLS 1.3 session ticket (if any) has arrived. */
function handshake(port: number, options: ConnectionOptions = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let session: Buffer | undefined
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      const result = () => ({
        fingerprint256: socket.getPeerX509Certificate()?.fingerprint256 ?? '',
        reused: socket.isSessionReused(),
        session,
      })
      // TLS 1.3 sends tickets after the handshake: wait for one before closing so it can be reused
      // (a resumed session needs no new one).
      if (session || options.session || socket.getProtocol() !== 'TLSv1.3') {
        resolve(result())
        socket.end()
      } else {
        socket.once('session', () => {
          resolve(result())
          socket.end()
        })
      }
    })
    socket.on('session', (ticket: Buffer) => (session = ticket))
    socket.on('error', reject)
  })
}

const fingerprintOf = (pair: PemPair) => new X509Certificate(pair.certPem).fingerprint256

describe('certificate hot reload on a running station', () => {
  it('keeps an open WSS stream flowing across a swap while new connections get the new certificate and resume their sessions', async () => {
    certDir = tempDir()
    // Distinct subjects: OpenSSL finds a trusted certificate by subject name, so two "CN=localhost" would shadow each other.
    const [first, second] = await Promise.all([
      leafCertificate({ names: ['first.test', 'localhost'] }),
      leafCertificate({ names: ['second.test', 'localhost'] }),
    ])
    const certFile = join(certDir, 'server.crt')
    const keyFile = join(certDir, 'server.key')
    writeFileSync(certFile, first.certPem)
    writeFileSync(keyFile, first.keyPem)
    station = await startTestStation({ sim: { tickHz: 20 }, tls: { source: 'imported', certFile, keyFile } })
    const trust = { ca: [first.certPem, second.certPem] }
    const { port } = station
    const before = await handshake(port, trust)
    expect(before.fingerprint256).toBe(fingerprintOf(first))

    const ws = new WebSocket(`${station.url.replace('https', 'wss')}${STREAM_PATH}`, {
      ...trust,
      headers: { authorization: `Bearer ${station.adminToken}` },
    })
    const frames: number[] = []
    let closed = false
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; seq?: number }
      if (message.type === 'telemetry') frames.push(message.seq!)
    })
    ws.on('close', () => (closed = true))
    await new Promise<void>((resolve) => ws.once('open', () => resolve()))

    // The operator (or certbot) replaces both files; the watcher validates them and swaps the context.
    writeFileSync(keyFile, second.keyPem)
    writeFileSync(certFile, second.certPem)
    await vi.waitFor(async () => expect((await handshake(port, trust)).fingerprint256).toBe(fingerprintOf(second)), {
      timeout: 10_000,
      interval: 50,
    })

    // Frames keep arriving on the connection opened before the swap, in sequence.
    const countAtSwap = frames.length
    await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(countAtSwap + 5), { timeout: 5_000 })
    expect(closed).toBe(false)
    expect(frames.every((seq, index) => index === 0 || seq === frames[index - 1]! + 1)).toBe(true)
    ws.close()

    // The session-ticket keys survived the swap: a ticket from before it still resumes.
    const resumed = await handshake(port, { ...trust, session: before.session! })
    expect(resumed.reused).toBe(true)
  }, 20_000)
})
