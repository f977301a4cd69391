import { createServer, type Server, type Socket } from 'node:net'
import { createLineSplitter } from '../line-transport.js'

export type ScpiInstrument = {
  port: number
  /** Sets the reading a query returns, e.g. set('MEAS:VOLT:DC? (@101)', 0.512). */
  set(query: string, value: number): void
  /** answer: normal; silent: answers nothing (a hung instrument); garbage: answers noise. */
  mode(next: 'answer' | 'silent' | 'garbage'): void
  /** Connections accepted so far (reconnects show here). */
  connections(): number
  commandsSeen(): string[]
  /** Closes the listener and every connection; `restart` listens again on the same port. */
  stop(): Promise<void>
  restart(): Promise<void>
}

const IDN = 'KEITHLEY INSTRUMENTS INC.,MODEL 2700,4242424,B09  /A02'

/**
 * A scripted SCPI instrument on a loopback TCP port, playing a Keithley 2700 (no Debian package
 * simulates one; docs/testing.md "Real components"): `*IDN?`, measurement queries from a table, and
 * an IEEE 488.2 error queue: an unknown query gets no answer and queues -113 "Undefined header".
 */
export async function startScpiInstrument(): Promise<ScpiInstrument> {
  const readings = new Map<string, number>()
  const errors: string[] = []
  const seen: string[] = []
  const sockets = new Set<Socket>()
  let mode: 'answer' | 'silent' | 'garbage' = 'answer'
  let accepted = 0
  let port = 0
  const answer = (command: string): string | undefined => {
    if (command === '*IDN?') return IDN
    if (command === 'SYST:ERR?') return errors.shift() ?? '0,"No error"'
    if (!command.includes('?')) return undefined
    const value = readings.get(command)
    if (value === undefined) {
      errors.push('-113,"Undefined header"')
      return undefined
    }
    return `${value.toExponential(7)}VDC,+0012.345SECS,+00042RDNG#`
  }
  const serve = (socket: Socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.on(
      'data',
      createLineSplitter({
        line: (command) => {
          seen.push(command)
          if (mode === 'silent') return
          const reply = mode === 'garbage' ? '\u0001?? garbage ??' : answer(command.trim())
          if (reply !== undefined) socket.write(`${reply}\n`)
        },
        overflow: () => socket.destroy(),
      }),
    )
  }
  let server: Server = createServer(serve)
  const listen = () =>
    new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port
        resolve()
      }),
    )
  await listen()
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
  return {
    get port() {
      return port
    },
    set: (query, value) => void readings.set(query, value),
    mode: (next) => void (mode = next),
    connections: () => accepted,
    commandsSeen: () => [...seen],
    stop,
    async restart() {
      server = createServer(serve)
      await listen()
    },
  }
}
