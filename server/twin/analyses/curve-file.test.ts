import { describe, expect, it } from 'vitest'
import { CurveFileError, parseCurveFile } from './curve-file.js'

/** The head of an EC-Lab ASCII export (.mpt), 5 header lines, decimal comma as a French locale writes it. */
const ecLab = [
  'EC-Lab ASCII FILE',
  'Nb header lines : 5',
  '',
  'Linear Sweep Voltammetry',
  'mode\tox/red\ttime/s\tcontrol/V\tEwe/V\t<I>/mA\tI Range',
  '2\t1\t0,0\t0,700\t0,7012\t0,0010\t41',
  '2\t1\t10,0\t0,600\t0,6004\t1,2500\t41',
  '2\t1\t20,0\t0,500\t0,5001\t-2,5000\t41',
].join('\r\n')

/** A Gamry .DTA potentiodynamic file: the curve table with its units row; currents in A, anodic negative. */
const gamry = [
  'EXPLAIN',
  'TAG\tPOTENTIODYNAMIC',
  'TITLE\tLABEL\tMFC LSV\tTest &Identifier',
  'CURVE\tTABLE\t3',
  '\tPt\tT\tVf\tIm\tVu\tSig\tAch\tIERange\tOver',
  '\t#\ts\tV vs. Ref.\tA\tV\tV\tV\t#\tbits',
  '\t0\t0.5\t0.70\t-1.0E-06\t0\t0.7\t0\t9\t...........',
  '\t1\t1.0\t0.60\t-1.2E-03\t0\t0.6\t0\t9\t...........',
  '\t2\t1.5\t0.50\t-2.4E-03\t0\t0.5\t0\t9\t...........',
  'EXPERIMENTABORTED\tLABEL\tno',
].join('\n')

describe('curve files', () => {
  it('reads EC-Lab: header count, Ewe/V and <I>/mA, decimal commas', () => {
    const curve = parseCurveFile(ecLab)
    expect(curve.format).toBe('ec-lab')
    expect(curve.columns).toEqual({ voltage: 'Ewe/V', current: '<I>/mA', resistance: null })
    expect(curve.units).toEqual({ voltage: 'V', current: 'mA' })
    expect(curve.points[1]).toEqual({ voltageV: 0.6004, currentA: 0.00125 })
    expect(curve.points[2]?.currentA).toBeCloseTo(-0.0025, 12)
    expect(curve.currentSignFlipped).toBe(false)
  })

  it('reads Gamry: the curve table, Vf and Im in A, anodic currents flipped positive', () => {
    const curve = parseCurveFile(gamry)
    expect(curve.format).toBe('gamry')
    expect(curve.columns.voltage).toBe('Vf')
    expect(curve.columns.current).toBe('Im')
    expect(curve.currentSignFlipped).toBe(true)
    expect(curve.points.map((p) => p.currentA)).toEqual([1e-6, 1.2e-3, 2.4e-3])
  })

  it('reads a CSV with units in the header, a semicolon delimiter and a resistance column', () => {
    const curve = parseCurveFile('R_ext (ohm);Cell voltage (mV);Current (uA)\n1000;450;450\n100;200;2000\n')
    expect(curve.columns).toEqual({ voltage: 'Cell voltage (mV)', current: 'Current (uA)', resistance: 'R_ext (ohm)' })
    expect(curve.points).toEqual([
      { rExtOhm: 1000, voltageV: 0.45, currentA: 0.00045 },
      { rExtOhm: 100, voltageV: 0.2, currentA: 0.002 },
    ])
  })

  it('takes the columns and units the user names', () => {
    const curve = parseCurveFile('a,b,c\n1,0.5,3\n2,0.4,4\n', {
      voltageColumn: 'b',
      currentColumn: 'c',
      currentUnit: 'mA',
    })
    expect(curve.points).toEqual([
      { voltageV: 0.5, currentA: 0.003 },
      { voltageV: 0.4, currentA: 0.004 },
    ])
  })

  it.each([
    ['a,b\n1,2\n', {}, /no voltage column found among \["a","b"\]/],
    ['V,I\n0.5,x\n', {}, /row 1 of the data is not a number/],
    ['V,I\n0.5,1\n', { voltageColumn: 'E' }, /no column "E"/],
    ['EC-Lab ASCII FILE\nsomething\n', {}, /without "Nb header lines"/],
  ])('names what is wrong in %j', (text, options, message) => {
    expect(() => parseCurveFile(text, options)).toThrow(CurveFileError)
    expect(() => parseCurveFile(text, options)).toThrow(message)
  })
})
