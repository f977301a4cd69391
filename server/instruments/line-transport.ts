import { connect, type Socket } from 'node:net'
import { SerialPort } from 'serialport'
import type { SerialOptions } from './uri.js'

export type LineEndpoint =
  { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string; serial: SerialOptions }

export type LineHandlers = {
  line(text: string): void
  /** A line longer than the limit was cut off and dropped (a device printing garbage without newlines). */
  overflow(bytes: number): void
  closed(error: Error): void
}

export type LineTransport = { write(text: string): Promise<void>; close(): Promise<void> }

/** Longer than any reading a device prints; beyond it the bytes are garbage, not a line. */
export const MAX_LINE_BYTES = 64 * 1024

/** Splits a byte stream into lines (LF, with an optional CR before it), bounded in memory. */
export function createLineSplitter(handlers: Pick<LineHandlers, 'line' | 'overflow'>, maxBytes = MAX_LINE_BYTES) {
  let pending = ''
  return (chunk: Buffer | string) => {
    pending += chunk.toString('latin1')
    let end = pending.indexOf('\n')
    while (end >= 0) {
      handlers.line(pending.slice(0, end).replace(/\r$/, ''))
      pending = pending.slice(end + 1)
      end = pending.indexOf('\n')
    }
    if (pending.length > maxBytes) {
      handlers.overflow(pending.length)
      pending = ''
    }
  }
}

function openSocket(endpoint: Extract<LineEndpoint, { kind: 'tcp' }>, handlers: LineHandlers): Promise<LineTransport> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: endpoint.host, port: endpoint.port })
    socket.setNoDelay(true)
    const split = createLineSplitter(handlers)
    socket.once('connect', () => {
      socket.removeListener('error', reject)
      socket.on('error', () => {})
      socket.on('close', () => handlers.closed(new Error(`${endpoint.host}:${endpoint.port}: connection closed`)))
      resolve({
        write: (text) => new Promise((done, fail) => socket.write(text, (error) => (error ? fail(error) : done()))),
        close: () =>
          new Promise((done) => {
            if (socket.destroyed) return done()
            socket.once('close', () => done())
            socket.destroy()
          }),
      })
    })
    socket.once('error', reject)
    socket.on('data', split)
  })
}

function openPort(endpoint: Extract<LineEndpoint, { kind: 'serial' }>, handlers: LineHandlers): Promise<LineTransport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path: endpoint.path, ...endpoint.serial, autoOpen: false })
    port.open((error) => {
      if (error) return reject(error)
      const split = createLineSplitter(handlers)
      port.on('data', split)
      port.on('error', () => {})
      port.on('close', () => handlers.closed(new Error(`${endpoint.path}: port closed`)))
      resolve({
        write: (text) => new Promise((done, fail) => port.write(text, (e) => (e ? fail(e) : port.drain(() => done())))),
        close: () =>
          new Promise((done) => {
            if (!port.isOpen) return done()
            port.close(() => done())
          }),
      })
    })
  })
}

/** A line-oriented byte stream over TCP or a serial port (SCPI instruments, microcontrollers printing lines). */
export function openLineTransport(endpoint: LineEndpoint, handlers: LineHandlers): Promise<LineTransport> {
  return endpoint.kind === 'tcp' ? openSocket(endpoint, handlers) : openPort(endpoint, handlers)
}
