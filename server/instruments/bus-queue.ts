import type { Clock } from '../clock.js'

/**
 * One request at a time on a shared bus (an RS-485 line, one Modbus TCP connection), in arrival order,
 * with a quiet gap after each (Modbus RTU's inter-frame delay). A request that fails or times out
 * frees the bus for the next one: a dead device costs its own timeout, never another's poll.
 */
export function createBusQueue(clock: Clock, gapMs: number) {
  let tail: Promise<unknown> = Promise.resolve()
  let depth = 0
  const gap = () => new Promise<void>((resolve) => clock.setTimeout(resolve, gapMs))
  return {
    run<T>(request: () => Promise<T>): Promise<T> {
      depth += 1
      const result = tail.then(request)
      tail = result
        .catch(() => undefined)
        .then(gapMs > 0 ? gap : undefined)
        .finally(() => (depth -= 1))
      return result
    },
    /** Requests waiting or running. */
    depth: () => depth,
  }
}
export type BusQueue = ReturnType<typeof createBusQueue>
