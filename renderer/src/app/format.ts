import type { Channel } from '../store/frame-ring'

/** How each channel is shown: SI values from the station, scaled to the unit an operator reads. */
export const channelDisplay: Record<
  Channel,
  { label: string; unit: string; factor: number; digits: number; csvColumn: string }
> = {
  voltageV: { label: 'Voltage', unit: 'V', factor: 1, digits: 3, csvColumn: 'voltage_V' },
  currentA: { label: 'Current', unit: 'mA', factor: 1000, digits: 3, csvColumn: 'current_A' },
  powerW: { label: 'Power', unit: 'mW', factor: 1000, digits: 3, csvColumn: 'power_W' },
  substrateMgL: { label: 'Substrate', unit: 'mg/L', factor: 1, digits: 1, csvColumn: 'substrate_mg_per_L' },
}

/** A channel's SI value in its display unit, e.g. "1.234 mW"; "–" when missing. */
export function formatChannel(channel: Channel, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–'
  const d = channelDisplay[channel]
  return `${(value * d.factor).toFixed(d.digits)} ${d.unit}`
}

const pad = (n: number) => String(Math.floor(n)).padStart(2, '0')

/** Simulated time as "d 3 04:05:06" (days only once there are any). */
export function formatSimTime(seconds: number): string {
  const s = Math.max(0, seconds)
  const days = Math.floor(s / 86_400)
  const clock = `${pad((s % 86_400) / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}`
  return days > 0 ? `d ${days} ${clock}` : clock
}

/** Speed as operators say it: "600×", "max". */
export function formatSpeed(speed: number | 'max'): string {
  return speed === 'max' ? 'max' : `${speed}×`
}
