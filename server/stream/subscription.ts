import {
  cellChannels,
  type CellChannel,
  type SamplesMessage,
  type SubscribedMessage,
  type SubscribeMessage,
  type TelemetryFrame,
} from '../contract/stream.js'

/** What one client receives. `full` clients get the shared `telemetry` frame; the others a projection. */
export type Subscription = {
  readonly cells: readonly number[] | null
  readonly channels: readonly CellChannel[]
  readonly stack: boolean
  readonly maxHz: number | null
  readonly events: boolean
  readonly full: boolean
  /** Equal for equal projections, so clients asking the same thing share one serialisation per frame. */
  readonly key: string
}

/** What a client that never subscribed gets: every full frame and every event. */
export const FULL_SUBSCRIPTION: Subscription = {
  cells: null,
  channels: cellChannels,
  stack: true,
  maxHz: null,
  events: true,
  full: true,
  key: 'full',
}

export function toSubscription(message: SubscribeMessage): Subscription {
  const cells = message.cells ? [...new Set(message.cells)].sort((a, b) => a - b) : null
  const channels = message.channels
    ? cellChannels.filter((channel) => message.channels!.includes(channel))
    : cellChannels
  const stack = message.stack ?? true
  const full = cells === null && channels.length === cellChannels.length && stack
  const key = full ? 'full' : JSON.stringify([cells, channels, stack])
  return { cells, channels, stack, maxHz: message.maxHz ?? null, events: message.events ?? true, full, key }
}

export function describeSubscription(subscription: Subscription): SubscribedMessage {
  const { cells, channels, stack, maxHz, events } = subscription
  return { type: 'subscribed', cells: cells ? [...cells] : null, channels: [...channels], stack, maxHz, events }
}

/** The chosen cells and channels of a frame; cells the stack does not have are left out. */
export function projectFrame(frame: TelemetryFrame, subscription: Subscription): SamplesMessage {
  const indices = subscription.cells ?? frame.cells.map((_cell, index) => index)
  const cells: SamplesMessage['cells'] = []
  for (const index of indices) {
    const cell = frame.cells[index]
    if (!cell) continue
    const sample: SamplesMessage['cells'][number] = { index }
    for (const channel of subscription.channels) (sample as Record<string, unknown>)[channel] = cell[channel]
    cells.push(sample)
  }
  const { type: _type, cells: _cells, stack, ...header } = frame
  return { type: 'samples', ...header, cells, ...(subscription.stack ? { stack } : {}) }
}

/**
 * Decides, frame by frame, whether a client with a maximum rate gets it. Sends sit on a grid of
 * 1/maxHz (so the long-run rate never exceeds maxHz); a frame up to 10 % early still counts, so
 * timer jitter does not halve a rate that divides the tick rate (1 Hz of a 10 Hz stream).
 */
export function createDecimator(maxHz: number | null): (wallTimeMs: number) => boolean {
  if (maxHz === null) return () => true
  const intervalMs = 1000 / maxHz
  let nextDueMs = -Infinity
  return (wallTimeMs) => {
    if (wallTimeMs < nextDueMs - intervalMs * 0.1) return false
    // Falling behind (a pause, a slow tick, the first frame) restarts the grid instead of bursting to
    // catch up; two sends are never closer than 0.8 of an interval.
    nextDueMs = Math.max(nextDueMs + intervalMs, wallTimeMs + intervalMs * 0.9)
    return true
  }
}
