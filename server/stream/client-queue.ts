/** The part of a ws WebSocket the queue writes to. */
export type QueueSocket = {
  readonly bufferedAmount: number
  send(data: Buffer, options: { binary: false }, callback?: (error?: Error) => void): void
}

export type ClientQueueLimits = {
  /** Bytes the socket may hold unsent before messages wait in this queue instead. */
  highWaterBytes: number
  /** Bytes this queue may hold; beyond it older frames are conflated away. */
  maxQueueBytes: number
}

export type ClientQueue = ReturnType<typeof createClientQueue>

type Item = { data: Buffer; frame: boolean }

/** Conflation: the newest telemetry frame and the control messages stay; if they alone overflow, the oldest go. */
function conflated(waiting: Item[], maxQueueBytes: number): { kept: Item[]; bytes: number; dropped: number } {
  const newestFrame = waiting.findLastIndex((item) => item.frame)
  const kept: Item[] = []
  let bytes = 0
  let dropped = 0
  waiting.forEach((item, i) => {
    if (item.frame && i !== newestFrame) dropped += 1
    else {
      kept.push(item)
      bytes += item.data.length
    }
  })
  // Bounded memory first, even for control messages.
  while (bytes > maxQueueBytes && kept.length > 1) {
    const item = kept.shift()!
    bytes -= item.data.length
    if (item.frame) dropped += 1
  }
  return { kept, bytes, dropped }
}

/**
 * One client's outbound queue, bounded by bytes, so a slow reader never holds the simulation or the
 * other clients. While the socket keeps up, messages go straight to it. Once it holds highWaterBytes,
 * messages wait here; when they exceed maxQueueBytes, queued telemetry frames are dropped in favour of
 * the newest one (conflation: a chart wants the latest value, not a backlog). Control messages
 * (events, answers) are kept unless they alone overflow the bound. `congestedSinceMs` marks the first
 * drop since the queue last drained; the hub disconnects a client that stays congested too long.
 */
export function createClientQueue(
  socket: QueueSocket,
  limits: ClientQueueLimits,
  deps: { now: () => number; onDrop: (frames: number) => void; retryMs?: number },
) {
  const items: Item[] = []
  let head = 0
  let bytes = 0
  let congestedSinceMs: number | undefined
  // Only a queue with waiting messages asks to hear about writes (and retries on a timer in case the
  // socket drained without a write of ours completing); the fast path sends without a callback.
  let retry: NodeJS.Timeout | undefined
  const afterWrite = () => flush()
  const armRetry = () => {
    retry ??= setTimeout(() => {
      retry = undefined
      flush()
    }, deps.retryMs ?? 25)
  }

  function flush(): void {
    while (head < items.length && socket.bufferedAmount < limits.highWaterBytes) {
      const item = items[head]!
      items[head] = undefined as unknown as Item
      head += 1
      bytes -= item.data.length
      socket.send(item.data, { binary: false }, afterWrite)
    }
    if (head === items.length) {
      items.length = 0
      head = 0
      congestedSinceMs = undefined
      return
    }
    if (head > 1024) {
      items.splice(0, head)
      head = 0
    }
    armRetry()
  }

  function conflate(): void {
    const result = conflated(items.slice(head), limits.maxQueueBytes)
    items.length = 0
    items.push(...result.kept)
    head = 0
    bytes = result.bytes
    if (result.dropped > 0) {
      congestedSinceMs ??= deps.now()
      deps.onDrop(result.dropped)
    }
  }

  return {
    /** Sends now if the socket keeps up, else queues (conflating when over the bound). */
    offer(data: Buffer, frame: boolean): void {
      if (head === items.length && socket.bufferedAmount < limits.highWaterBytes) {
        socket.send(data, { binary: false })
        return
      }
      items.push({ data, frame })
      bytes += data.length
      if (bytes > limits.maxQueueBytes) conflate()
      flush()
    },
    flush,
    queuedBytes: () => bytes,
    congestedSinceMs: () => congestedSinceMs,
    /** Drops everything queued and the retry timer (the client is gone). */
    clear(): void {
      if (retry) clearTimeout(retry)
      retry = undefined
      items.length = 0
      head = 0
      bytes = 0
    },
  }
}
