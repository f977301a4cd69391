import type { WebSocket } from 'ws'
import { clientMessageSchema, type ServerMessage, type TelemetryFrame } from '../contract/stream.js'
import { createClientQueue, type ClientQueueLimits } from './client-queue.js'
import type { ReplayPlan } from './resume-ring.js'
import {
  createDecimator,
  describeSubscription,
  FULL_SUBSCRIPTION,
  projectFrame,
  toSubscription,
  type Subscription,
} from './subscription.js'

export type ClientSession = ReturnType<typeof createClientSession>

/** The bytes of one frame for a subscription (the hub caches them per distinct projection). */
export type FrameEncoder = (subscription: Subscription) => Buffer

export const encode = (message: ServerMessage): Buffer => Buffer.from(JSON.stringify(message))

/**
 * One connected client: its subscription and rate decimator, its bounded outbound queue, and the
 * handling of what it sends (subscribe, resume, ping). The hub owns the socket's lifetime.
 */
export function createClientSession(
  ws: WebSocket,
  identity: { ip: string; key: string },
  deps: {
    limits: ClientQueueLimits
    now: () => number
    onDrop: (frames: number) => void
    replay: (runId: string, afterSeq: number, maxBytes: number) => ReplayPlan
  },
) {
  let subscription = FULL_SUBSCRIPTION
  let admit = createDecimator(null)
  const queue = createClientQueue(ws, deps.limits, { now: deps.now, onDrop: deps.onDrop })
  // Everything offered to this client: the heartbeat tells a client that is sent data but answers no
  // ping (it is not reading) from one that is idle and answers nothing (a dead peer).
  let offered = 0
  const offer = (data: Buffer, frame: boolean) => {
    offered += data.length
    queue.offer(data, frame)
  }
  const control = (message: ServerMessage) => offer(encode(message), false)

  const session = {
    ...identity,
    queue,
    wantsEvents: () => subscription.events,
    offeredBytes: () => offered,
    /** Queues an event message (the hub encodes it once for every client). */
    offerEvent: (data: Buffer) => offer(data, false),
    /** Queues a frame if the client's rate allows it (`rate`: a decimator other than the live one). */
    offerFrame(frame: TelemetryFrame, encoder: FrameEncoder, rate = admit): void {
      if (!rate(frame.wallTimeMs)) return
      offer(encoder(subscription), true)
    },
    offerControl: control,
    handleMessage(raw: string): void {
      let input: unknown
      try {
        input = JSON.parse(raw)
      } catch {
        return control({ type: 'error', code: 'bad_message', message: 'messages are JSON objects' })
      }
      const parsed = clientMessageSchema.safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return control({
          type: 'error',
          code: 'bad_message',
          message: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`,
        })
      }
      const message = parsed.data
      switch (message.type) {
        case 'subscribe':
          subscription = toSubscription(message)
          admit = createDecimator(subscription.maxHz)
          return control(describeSubscription(subscription))
        case 'resume': {
          // A replay may fill at most the client's queue bound; anything older is the history API's.
          const plan = deps.replay(message.runId, message.afterSeq, deps.limits.maxQueueBytes / 2)
          // The replay is older than what the live decimator has passed: it is thinned on its own.
          const replayRate = createDecimator(subscription.maxHz)
          for (const entry of plan.entries)
            session.offerFrame(
              entry.frame,
              (sub) => (sub.full ? entry.data : encode(projectFrame(entry.frame, sub))),
              replayRate,
            )
          return control({
            type: 'resumed',
            runId: message.runId,
            replayed: plan.entries.length,
            complete: plan.complete,
            historyToSeq: plan.historyToSeq,
          })
        }
        case 'ping':
          return control({ type: 'pong' })
        default:
          return assertNever(message)
      }
    },
  }
  return session
}

function assertNever(value: never): never {
  throw new Error(`unhandled client message ${JSON.stringify(value)}`)
}
