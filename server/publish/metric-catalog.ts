import { publishedStackChannels, type PublishedChannel } from '../contract/publish.js'
import { cellAlarms } from '../contract/simulation.js'
import type { TelemetryFrame } from '../contract/stream.js'

/** A published value: a number, a flag (load connected, an alarm) or a word (run state, controller). */
/** `null` is a value the source did not deliver (an offline instrument): published as Sparkplug is_null / JSON null. */
export type MetricValue = number | boolean | string | null

/** One published metric of a stack with a given number of cells. */
export type MetricSpec = {
  /** Stable key: `stack.powerW`, `run.state`, `cells.3.voltageV`, `cells.3.alarms.voltage-reversal`. */
  key: string
  /** The channel its rate and deadband come from. */
  channel: PublishedChannel
  /** Sparkplug alias: fixed by cell and channel, so a stored message keeps meaning the same metric. */
  alias: number
  kind: 'double' | 'boolean' | 'string' | 'int64'
  unit: string | undefined
  read(frame: TelemetryFrame): MetricValue
}

type CellNumber = 'voltageV' | 'currentA' | 'powerW' | 'substrateMgL' | 'anodeLossV' | 'internalOhm'
const cellNumbers: ReadonlyArray<[CellNumber, string]> = [
  ['voltageV', 'V'],
  ['currentA', 'A'],
  ['powerW', 'W'],
  ['substrateMgL', 'mg/L'],
  ['anodeLossV', 'V'],
  ['internalOhm', 'ohm'],
]

type StackChannel = (typeof publishedStackChannels)[number]
const stackMetrics: Record<StackChannel, Pick<MetricSpec, 'kind' | 'unit' | 'read'>> = {
  'stack.voltageV': { kind: 'double', unit: 'V', read: (f) => f.stack.voltageV ?? null },
  'stack.currentA': { kind: 'double', unit: 'A', read: (f) => f.stack.currentA ?? null },
  'stack.powerW': { kind: 'double', unit: 'W', read: (f) => f.stack.powerW ?? null },
  'stack.loadOhm': { kind: 'double', unit: 'ohm', read: (f) => f.stack.loadOhm ?? null },
  'stack.feedLPerDay': { kind: 'double', unit: 'L/day', read: (f) => f.stack.feedLPerDay ?? null },
  'stack.temperatureK': { kind: 'double', unit: 'K', read: (f) => f.stack.temperatureK ?? null },
  'stack.loadConnected': { kind: 'boolean', unit: undefined, read: (f) => f.stack.loadConnected ?? null },
  'run.state': { kind: 'string', unit: undefined, read: (f) => f.state },
  'run.controller': { kind: 'string', unit: undefined, read: (f) => f.controller },
  'run.seq': { kind: 'int64', unit: undefined, read: (f) => f.seq },
  'run.simTimeS': { kind: 'double', unit: 's', read: (f) => f.simTimeS },
}

/** Aliases below this are the stack's; each cell has a block of CELL_ALIAS_BLOCK from there on. */
const FIRST_CELL_ALIAS = 1000
const CELL_ALIAS_BLOCK = 16

/** Every metric of a stack of `cells` cells, stack values first, then cell by cell. */
export function metricCatalog(cells: number): MetricSpec[] {
  const specs: MetricSpec[] = publishedStackChannels.map((channel, index) => ({
    key: channel,
    channel,
    alias: index + 1,
    ...stackMetrics[channel],
  }))
  for (let cell = 0; cell < cells; cell += 1) {
    const base = FIRST_CELL_ALIAS + cell * CELL_ALIAS_BLOCK
    cellNumbers.forEach(([channel, unit], slot) =>
      specs.push({
        key: `cells.${cell}.${channel}`,
        channel,
        alias: base + slot,
        kind: 'double',
        unit,
        read: (frame) => frame.cells[cell]?.[channel] ?? null,
      }),
    )
    cellAlarms.forEach((alarm, slot) =>
      specs.push({
        key: `cells.${cell}.alarms.${alarm}`,
        channel: 'alarms',
        alias: base + cellNumbers.length + slot,
        kind: 'boolean',
        unit: undefined,
        read: (frame) => frame.cells[cell]?.alarms.includes(alarm) ?? false,
      }),
    )
  }
  return specs
}
