import type { Clock } from '../../clock.js'
import { createBusQueue } from '../bus-queue.js'
import { withTimeout } from '../driver.js'
import { InstrumentTimeoutError } from '../errors.js'
import { openLineTransport, type LineEndpoint, type LineTransport } from '../line-transport.js'

/** An error-queue entry (SCPI-1999 21.8.8): `<code>,"<text>"`; 0 means no error. */
const ERROR_ENTRY = /^\s*([-+]?\d+)\s*,\s*"(.*)"\s*$/

export type ScpiClient = {
  /** Sends a query and resolves with its one-line answer; on a timeout the error queue says why. */
  query(command: string, timeoutMs: number): Promise<string>
  /** Sends a command that has no answer. */
  send(command: string): Promise<void>
  close(): Promise<void>
}

/**
 * A thin SCPI client (IEEE 488.2 message exchange over a raw socket or serial line, LF-terminated):
 * one query in flight at a time. An instrument that cannot answer a query stays silent and queues an
 * error, so a timeout reads `SYST:ERR?`; a late or unexpected line means the exchange is out of step,
 * and the connection is dropped (the link reconnects) rather than pairing answers with the wrong query.
 */
export async function openScpiClient(
  endpoint: LineEndpoint,
  options: { clock: Clock; errorQuery: string; onDown: (error: Error) => void },
): Promise<ScpiClient> {
  const queue = createBusQueue(options.clock, 0)
  let waiting: ((line: string) => void) | undefined
  let broken = false
  const drop = (error: Error) => {
    if (broken) return
    broken = true
    options.onDown(error)
  }
  const transport: LineTransport = await openLineTransport(endpoint, {
    line: (line) => {
      const deliver = waiting
      waiting = undefined
      if (deliver) deliver(line)
      else drop(new Error(`unexpected line from the instrument: ${JSON.stringify(line.slice(0, 60))}`))
    },
    overflow: (bytes) => drop(new Error(`${bytes} bytes without a line end`)),
    closed: drop,
  })
  const exchange = async (command: string, timeoutMs: number): Promise<string> => {
    if (broken) throw new Error('the connection to the instrument was dropped')
    const answer = new Promise<string>((resolve) => (waiting = resolve))
    await transport.write(`${command}\n`)
    return withTimeout(options.clock, answer, timeoutMs, () => {
      waiting = undefined
      return new InstrumentTimeoutError(`no answer to ${command} within ${timeoutMs} ms`)
    })
  }
  const explainTimeout = async (command: string, timeoutMs: number, timeout: Error): Promise<never> => {
    let entry: string
    try {
      entry = await exchange(options.errorQuery, timeoutMs)
    } catch {
      drop(timeout)
      throw timeout
    }
    const match = ERROR_ENTRY.exec(entry)
    if (!match) {
      drop(new Error(`answer out of step after ${command}`))
      throw timeout
    }
    if (Number(match[1]) === 0) throw timeout
    throw new Error(`${command}: instrument error ${match[1]}, "${match[2]}"`)
  }
  return {
    query: (command, timeoutMs) =>
      queue.run(async () => {
        try {
          return await exchange(command, timeoutMs)
        } catch (error) {
          if (error instanceof InstrumentTimeoutError) return explainTimeout(command, timeoutMs, error)
          throw error
        }
      }),
    send: (command) => queue.run(() => transport.write(`${command}\n`)),
    close: () => {
      broken = true
      return transport.close()
    },
  }
}
