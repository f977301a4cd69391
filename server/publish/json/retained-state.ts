import type { TelemetryFrame } from '../../contract/stream.js'
import { metricCatalog, type MetricValue } from '../metric-catalog.js'
import type { Outgoing } from '../protocol.js'

type State = Record<string, unknown>

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

/**
 * The retained state topics of JSON mode: each holds the whole of the stack or of one cell, merged from
 * the changes sent so far, so a subscriber that arrives late reads every current value at once.
 */
export function createRetainedState(topics: { stack: string; cell: (cell: number) => string }) {
  let stack: State = {}
  let cells = new Map<number, State>()

  const cellState = (cell: number) => {
    let state = cells.get(cell)
    if (!state) cells.set(cell, (state = { alarms: {} }))
    return state
  }
  /** Merges changed values (catalog keys); returns the cells they touched. */
  const apply = (values: Record<string, MetricValue>, timestamp: number) => {
    const touched = new Set<number>()
    for (const [key, value] of Object.entries(values)) {
      const [group, second, channel, alarm] = key.split('.')
      if (group !== 'cells') {
        stack[second ?? key] = value
        continue
      }
      const cell = Number(second)
      const state = cellState(cell)
      if (channel === 'alarms') (state['alarms'] as State)[alarm ?? ''] = value
      else state[channel ?? ''] = value
      state['timestamp'] = timestamp
      touched.add(cell)
    }
    stack['timestamp'] = timestamp
    return touched
  }
  const messages = (touched: Iterable<number>): Outgoing[] => [
    { topic: topics.stack, payload: json(stack), retain: true },
    ...[...touched].map((cell) => ({ topic: topics.cell(cell), payload: json(cells.get(cell)), retain: true })),
  ]
  return {
    /** The retained messages after applying a queued change. */
    update: (values: Record<string, MetricValue>, timestamp: number): Outgoing[] => messages(apply(values, timestamp)),
    /** Every retained message of a frame, from scratch (births, another cell count). */
    reset(frame: TelemetryFrame): Outgoing[] {
      stack = {}
      cells = new Map()
      const values = Object.fromEntries(metricCatalog(frame.cells.length).map((spec) => [spec.key, spec.read(frame)]))
      return messages(apply(values, Math.round(frame.wallTimeMs)))
    },
  }
}
