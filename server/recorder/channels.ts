import { historyCellChannels, historyStackChannels, type HistoryChannel } from '../contract/telemetry.js'

/**
 * Rollup levels, in simulated seconds per bucket. 60 s keeps a month-long run at 43,200 points per
 * series; 5 s answers ranges of a few hours to a day at 1000 points without reading raw rows.
 */
export const ROLLUP_LEVELS = [5, 60] as const
export type RollupLevel = (typeof ROLLUP_LEVELS)[number]
/** The coarsest level: raw rows are kept until it has them (retention). */
export const COARSEST_LEVEL: RollupLevel = 60

/** Where each history channel lives: table, column, and the rollup `cell` (-1 for the stack). */
export type ChannelColumn = { channel: HistoryChannel; column: string; stack: boolean }

const cellColumns: Record<(typeof historyCellChannels)[number], string> = {
  voltageV: 'voltage_v',
  currentA: 'current_a',
  powerW: 'power_w',
  substrateMgL: 'substrate_mg_l',
  anodeLossV: 'anode_loss_v',
  internalOhm: 'internal_ohm',
}
const stackColumns: Record<(typeof historyStackChannels)[number], string> = {
  'stack.voltageV': 'voltage_v',
  'stack.currentA': 'current_a',
  'stack.powerW': 'power_w',
  'stack.loadOhm': 'load_ohm',
  'stack.feedLPerDay': 'feed_l_per_day',
  'stack.temperatureK': 'temperature_k',
  'stack.loadActualOhm': 'load_actual_ohm',
  'stack.feedActualLPerDay': 'feed_actual_l_per_day',
  'stack.ph': 'ph',
}

export const CELL_COLUMNS: readonly ChannelColumn[] = historyCellChannels.map((channel) => ({
  channel,
  column: cellColumns[channel],
  stack: false,
}))
export const STACK_COLUMNS: readonly ChannelColumn[] = historyStackChannels.map((channel) => ({
  channel,
  column: stackColumns[channel],
  stack: true,
}))

/** Stack channels later migrations added (actual load and feed: 4; pH: 6). */
const LATER_STACK_CHANNELS: readonly HistoryChannel[] = ['stack.loadActualOhm', 'stack.feedActualLPerDay', 'stack.ph']

/** The stack columns of the schema's first versions: migrations before the later columns roll up these. */
export const FIRST_STACK_COLUMNS: readonly ChannelColumn[] = STACK_COLUMNS.filter(
  ({ channel }) => !LATER_STACK_CHANNELS.includes(channel),
)

export function columnOf(channel: HistoryChannel): ChannelColumn {
  return [...CELL_COLUMNS, ...STACK_COLUMNS].find((entry) => entry.channel === channel)!
}

/** SQL of the aggregates for some columns, `min_x, avg_x, max_x` each, in order. */
export function aggregateSql(columns: readonly ChannelColumn[]): string {
  return columns.map(({ column }) => `MIN(${column}), AVG(${column}), MAX(${column})`).join(', ')
}
