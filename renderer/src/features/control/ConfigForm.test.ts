import { describe, expect, it } from 'vitest'
import { buildPatch, type ConfigField } from './ConfigForm'

const fields: ConfigField[] = [
  { path: ['feed', 'flowLPerDay'], label: 'Flow', unit: 'L/d' },
  { path: ['feed', 'influentMgL'], label: 'Influent', unit: 'mg/L' },
  { path: ['load', 'rExtOhm'], label: 'R', unit: 'Ω' },
]

describe('config patch', () => {
  it('sends only the fields the operator filled in, grouped by section', () => {
    expect(buildPatch(fields, { 'feed.flowLPerDay': '0.2', 'feed.influentMgL': ' ', 'load.rExtOhm': '450' })).toEqual({
      feed: { flowLPerDay: 0.2 },
      load: { rExtOhm: 450 },
    })
    expect(buildPatch(fields, {})).toEqual({})
  })
})
