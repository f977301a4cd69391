import { describe, expect, it } from 'vitest'
import { faultRequest, faultTarget } from './fault-request'

describe('fault request', () => {
  it('numbers cells from 1 on screen and 0 on the wire, and sends hours as seconds', () => {
    expect(faultRequest('starvation', { cell: '2', durationH: '1.5' })).toEqual({
      kind: 'starvation',
      cell: 1,
      durationS: 5400,
    })
  })

  it('sends only the fields the kind takes', () => {
    expect(faultRequest('load-disconnect', { cell: '2', durationH: '', deltaK: '5' })).toEqual({
      kind: 'load-disconnect',
    })
    expect(faultRequest('sensor-drift', { channel: 'voltage', ratePerDay: '0.01' })).toEqual({
      kind: 'sensor-drift',
      channel: 'voltage',
      ratePerDay: 0.01,
    })
  })

  it('names the target as the confirmation says it', () => {
    expect(faultTarget('starvation', { cell: 0 })).toBe('cell 1')
    expect(faultTarget('starvation', {})).toBe('every cell')
    expect(faultTarget('load-disconnect', {})).toBe('the stack')
  })
})
