import { channelDisplay } from '../../app/format'
import type { Channel, SeriesRef } from '../../store/frame-ring'

/** Colours of overlaid series (styles/charts.css --series-1..8): one per chosen cell or run. */
export const SERIES_COLOURS = 8

/** A line on a chart: where its values sit in the rows, what the legend calls it, its colour. */
export type ChartLine = { key: string; label: string; colour: number; dashed?: boolean }

/** "Stack" or "Cell 3" (cells numbered from 1 on screen). */
export function sourceLabel(cell: SeriesRef['cell']): string {
  return cell === 'stack' ? 'Stack' : `Cell ${cell + 1}`
}

/** A channel's axis title with its unit: "Voltage (V)". */
export function axisTitle(channel: Channel): string {
  const d = channelDisplay[channel]
  return `${d.label} (${d.unit})`
}
