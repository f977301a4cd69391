import type { Channel } from '../store/frame-ring'

export { formatSimTime } from './time-format'

/** How each channel is shown: SI values from the station, scaled to the unit an operator reads. */
export const channelDisplay: Record<Channel, { label: string; unit: string; factor: number; digits: number }> = {
  voltageV: { label: 'Voltage', unit: 'V', factor: 1, digits: 3 },
  currentA: { label: 'Current', unit: 'mA', factor: 1000, digits: 3 },
  powerW: { label: 'Power', unit: 'mW', factor: 1000, digits: 3 },
  substrateMgL: { label: 'Substrate', unit: 'mg/L', factor: 1, digits: 1 },
  loadOhm: { label: 'Load R_ext (commanded)', unit: 'Ω', factor: 1, digits: 0 },
  feedLPerDay: { label: 'Feed (commanded)', unit: 'L/d', factor: 1, digits: 3 },
}

/** A channel's SI value in its display unit, e.g. "1.234 mW"; "–" when missing. */
export function formatChannel(channel: Channel, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–'
  const d = channelDisplay[channel]
  return `${(value * d.factor).toFixed(d.digits)} ${d.unit}`
}

/** Kelvin from the station as the one temperature unit of the UI, in and out: "25.0 °C". */
export function formatCelsius(kelvin: number | undefined): string {
  return kelvin === undefined || !Number.isFinite(kelvin) ? '–' : `${(kelvin - 273.15).toFixed(1)} °C`
}

/** Speed as operators say it: "600×", "max". */
export function formatSpeed(speed: number | 'max'): string {
  return speed === 'max' ? 'max' : `${speed}×`
}
