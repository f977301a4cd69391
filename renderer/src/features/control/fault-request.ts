import type { FaultKind } from '../../../../server/contract/simulation'

export type FaultField = 'cell' | 'durationH' | 'channel' | 'ratePerDay' | 'fraction' | 'deltaK'

/** The fields each fault takes (server/sim/config.ts faultSchema); everything else is refused by the station. */
export const faultFields: Record<FaultKind, readonly FaultField[]> = {
  'feed-pump-failure': ['cell', 'durationH'],
  starvation: ['cell', 'durationH'],
  'biofilm-loss': ['cell', 'fraction'],
  'sensor-stuck': ['cell', 'channel', 'durationH'],
  'sensor-drift': ['cell', 'channel', 'ratePerDay', 'durationH'],
  'load-disconnect': ['durationH'],
  'temperature-step': ['deltaK', 'durationH'],
}

/** Labels of the number fields; a temperature step is a difference, the same in K and °C. */
export const numberLabels: Record<Exclude<FaultField, 'cell' | 'channel'>, string> = {
  durationH: 'Duration (simulated h, empty = until cleared)',
  ratePerDay: 'Drift per day (channel unit)',
  fraction: 'Fraction lost (0–1)',
  deltaK: 'Temperature change (°C)',
}

/** The sensors a stuck or drifting sensor fault can hit. */
export const sensorChannels = ['voltage', 'current', 'substrate', 'temperature'] as const

/** The request for the filled-in fields: cells are 1-based on screen, 0-based on the wire; hours become seconds. */
export function faultRequest(
  kind: FaultKind,
  values: Partial<Record<FaultField, string>>,
): { kind: FaultKind } & Record<string, unknown> {
  const request: { kind: FaultKind } & Record<string, unknown> = { kind }
  for (const field of faultFields[kind]) {
    const text = (values[field] ?? '').trim()
    if (text === '') continue
    if (field === 'cell') request['cell'] = Number(text) - 1
    else if (field === 'channel') request['channel'] = text
    else if (field === 'durationH') request['durationS'] = Number(text) * 3600
    else request[field] = Number(text)
  }
  return request
}

/** What the fault hits, in words: "cell 2", "every cell", "the stack". */
export function faultTarget(kind: FaultKind, request: Record<string, unknown>): string {
  if (typeof request['cell'] === 'number') return `cell ${request['cell'] + 1}`
  return faultFields[kind].includes('cell') ? 'every cell' : 'the stack'
}
