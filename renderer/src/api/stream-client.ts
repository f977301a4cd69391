import {
  serverMessageSchema,
  STREAM_PATH,
  STREAM_PROTOCOL_VERSION,
  type EventMessage,
  type HelloMessage,
  type ResumeMessage,
  type TelemetryFrame,
  type TelemetrySource,
} from '../../../server/contract/stream'

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'offline'

export type StreamHandlers = {
  onStatus(status: StreamStatus, detail?: string): void
  onFrame(frame: TelemetryFrame): void
  onEvent?(message: EventMessage): void
  /** The station's greeting on every (re)connect: its version, for exports and the header. */
  onHello?(message: HelloMessage): void
  /** The station's telemetry source, from every hello. */
  onSource?(source: TelemetrySource): void
  /**
   * Where this client's data ends (run and last sequence number): after a reconnect the station replays
   * the frames missed since then from its ring, so a short outage leaves no gap in the charts.
   */
  resumeFrom?(): Pick<ResumeMessage, 'runId' | 'afterSeq'> | undefined
}

export type StreamClientOptions = {
  url?: string
  /** Delays between reconnect attempts grow from min to max (exponential, with jitter). */
  minDelayMs?: number
  maxDelayMs?: number
  createSocket?: (url: string) => WebSocket
  random?: () => number
}

/** The stream's URL on the page's own origin: wss for https pages. */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${STREAM_PATH}`
}

/** Next reconnect delay: doubling from min up to max, with up to 20 % jitter so clients do not reconnect in lockstep. */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, minMs * 2 ** attempt)
  return Math.round(base * (0.8 + 0.2 * random()))
}

/** Connects to the telemetry stream and keeps reconnecting until `close()`. */
export function connectStream(handlers: StreamHandlers, options: StreamClientOptions = {}): { close(): void } {
  const url = options.url ?? streamUrl(window.location)
  const minDelay = options.minDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 10_000
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u))
  const random = options.random ?? Math.random
  let attempt = 0
  let socket: WebSocket | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const scheduleReconnect = () => {
    if (closed) return
    handlers.onStatus('reconnecting')
    retryTimer = setTimeout(open, reconnectDelay(attempt, minDelay, maxDelay, random))
    attempt += 1
  }

  const requestReplay = (ws: WebSocket) => {
    const from = handlers.resumeFrom?.()
    if (from) ws.send(JSON.stringify({ type: 'resume', ...from } satisfies ResumeMessage))
  }

  function open() {
    handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting')
    const ws = createSocket(url)
    socket = ws
    ws.onmessage = (event: MessageEvent) => {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(event.data)))
      if (!parsed.success) return
      const message = parsed.data
      switch (message.type) {
        case 'hello':
          if (message.protocol !== STREAM_PROTOCOL_VERSION) {
            handlers.onStatus(
              'offline',
              `station speaks stream protocol ${message.protocol}, this page ${STREAM_PROTOCOL_VERSION}: reload the page`,
            )
            closed = true
            ws.close()
            return
          }
          attempt = 0
          handlers.onHello?.(message)
          handlers.onSource?.(message.source)
          handlers.onStatus('live')
          requestReplay(ws)
          return
        case 'telemetry':
          handlers.onFrame(message)
          return
        case 'event':
          handlers.onEvent?.(message)
          return
        // The replay's end (an incomplete one is covered by the history API) and answers to subscriptions
        // and pings, which this client does not send: it takes every full frame.
        case 'resumed':
        case 'samples':
        case 'subscribed':
        case 'pong':
        case 'error':
          return
        default:
          assertNever(message)
      }
    }
    ws.onclose = () => {
      if (socket === ws) scheduleReconnect()
    }
  }

  open()
  return {
    close() {
      closed = true
      if (retryTimer) clearTimeout(retryTimer)
      socket?.close()
      handlers.onStatus('offline')
    },
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled stream message ${JSON.stringify(value)}`)
}
