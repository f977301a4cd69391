import { describe, expect, it } from 'vitest'
import { parsePointsCsv, PointsFileError } from './points-csv.js'

describe('points file', () => {
  it('reads r_ext_ohm, voltage_V and current_A in any order and case, ignoring further columns', () => {
    const text = '# slow resistor steps\nCurrent_A,time_s,R_EXT_OHM,voltage_V\n0.004,0,100,0.4\n0,3600,inf,0.71\n'
    expect(parsePointsCsv(text)).toEqual([
      { rExtOhm: 100, voltageV: 0.4, currentA: 0.004 },
      { rExtOhm: Infinity, voltageV: 0.71, currentA: 0 },
    ])
  })

  it.each([
    ['r_ext_ohm,voltage_V\n100,0.4\n', /no current_A column/],
    ['r_ext_ohm,voltage_V,current_A\n100,0.4\n', /row 2: expected/],
    ['r_ext_ohm,voltage_V,current_A\n-5,0.4,0.1\n', /row 2: expected r_ext_ohm > 0/],
  ])('names what is wrong in %j', (text, message) => {
    expect(() => parsePointsCsv(text)).toThrow(PointsFileError)
    expect(() => parsePointsCsv(text)).toThrow(message)
  })
})
