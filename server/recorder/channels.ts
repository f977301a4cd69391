import { historyCellChannels, historyStackChannels, type HistoryChannel } from '../contract/telemetry.js'

/** Simulated seconds per rollup bucket: a month-long run is 43,200 points per series. */
export const ROLLUP_SECONDS = 60

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
}

export const CELL_COLUMNS: readonly ChannelColumn[] = historyCellChannels.map((channel) => ({ channel, column: cellColumns[channel], stack: false }))
export const STACK_COLUMNS: readonly ChannelColumn[] = historyStackChannels.map((channel) => ({ channel, column: stackColumns[channel], stack: true }))

export function columnOf(channel: HistoryChannel): ChannelColumn {
  return [...CELL_COLUMNS, ...STACK_COLUMNS].find((entry) => entry.channel === channel)!
}

/** SQL of the aggregates for some columns, `min_x, avg_x, max_x` each, in order. */
export function aggregateSql(columns: readonly ChannelColumn[]): string {
  return columns.map(({ column }) => `MIN(${column}), AVG(${column}), MAX(${column})`).join(', ')
}
