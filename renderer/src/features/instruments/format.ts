import type { ChannelStatus } from '../../../../server/contract/instruments'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** A time of the day, or "—" for never. */
export const formatTime = (atMs: number | null): string => (atMs === null ? '—' : timeFormat.format(atMs))

/** SI units of the frame fields a channel fills. */
const siUnits: Record<string, string> = {
  voltageV: 'V',
  currentA: 'A',
  temperatureK: 'K',
  loadOhm: 'Ω',
  feedLPerDay: 'L/day',
}

/** A channel's current value in the frame's SI unit, or "—" when the device has none. */
export function formatChannelValue(channel: Pick<ChannelStatus, 'value' | 'quantity'>): string {
  if (channel.value === null) return '—'
  return `${Number(channel.value.toPrecision(6))} ${siUnits[channel.quantity] ?? ''}`.trim()
}
