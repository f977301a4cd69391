import { describe, expect, it } from 'vitest'
import type { RunConfigView } from '../../../../server/contract/run-config-view'
import { buildPatch, celsius, changesOf, describeChange, type ConfigField } from './config-fields'

const fields: ConfigField[] = [
  { path: ['feed', 'flowLPerDay'], label: 'Flow', unit: 'L/d' },
  { path: ['feed', 'influentMgL'], label: 'Influent', unit: 'mg/L' },
  { path: ['feed', 'temperatureK'], label: 'Temperature', ...celsius },
  { path: ['load', 'rExtOhm'], label: 'R', unit: 'Ω' },
]
const config = {
  name: 'x',
  stack: { cells: 1, wiring: 'series' },
  feed: { flowLPerDay: 0.15, influentMgL: 600, dosingMgPerDay: 0, temperatureK: 298.15 },
  load: { rExtOhm: 600 },
  controller: { kind: 'fixed' },
  targets: { substrateMgL: 177 },
} satisfies RunConfigView

describe('config changes', () => {
  it('sends only the fields the operator changed, grouped by section, in the station units', () => {
    const changes = changesOf(fields, config, {
      'feed.flowLPerDay': '0.2',
      'feed.influentMgL': '600',
      'feed.temperatureK': '30',
      'load.rExtOhm': ' ',
    })
    expect(buildPatch(changes)).toEqual({ feed: { flowLPerDay: 0.2, temperatureK: 303.15 } })
    expect(changesOf(fields, config, {})).toEqual([])
  })

  it('says old -> new in the unit shown (temperature in °C)', () => {
    const [flow, temperature] = changesOf(fields, config, { 'feed.flowLPerDay': '0.2', 'feed.temperatureK': '30' })
    expect(describeChange(flow!)).toBe('Flow 0.15 → 0.2 L/d')
    expect(describeChange(temperature!)).toBe('Temperature 25 → 30 °C')
  })
})
