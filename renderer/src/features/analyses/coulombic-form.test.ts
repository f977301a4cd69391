import { describe, expect, it } from 'vitest'
import { initialCoulombicForm, parseCoulombicForm } from './coulombic-form'

describe('the coulombic form', () => {
  it('asks for the latest run, every cell, continuous, by default', () => {
    expect(parseCoulombicForm(initialCoulombicForm, undefined)).toEqual({
      ok: true,
      body: { mode: 'continuous', run: {} },
    })
  })

  it('sends a file with hand-marked cycles and COD; cells are numbered from 1 on screen', () => {
    const form = { ...initialCoulombicForm, source: 'file' as const, mode: 'batch' as const, format: 'csv' as const }
    const parsed = parseCoulombicForm(
      { ...form, cycles: '0,3600\n\n7200, 10800', codInMgL: '1000', codOutMgL: '200', anodeVolumeL: '0.028' },
      { name: 'a.csv', text: 'time_s,current_A' },
    )
    expect(parsed).toEqual({
      ok: true,
      body: {
        mode: 'batch',
        file: { text: 'time_s,current_A', format: 'csv' },
        cycles: [
          { startS: 0, endS: 3600 },
          { startS: 7200, endS: 10800 },
        ],
        codInMgL: 1000,
        codOutMgL: 200,
        anodeVolumeL: 0.028,
      },
    })
    expect(parseCoulombicForm({ ...initialCoulombicForm, runId: 'r1', cell: '2' }, undefined)).toMatchObject({
      body: { run: { runId: 'r1', cell: 1 } },
    })
  })

  it('names the first wrong field', () => {
    const bad = (patch: Partial<typeof initialCoulombicForm>) =>
      parseCoulombicForm({ ...initialCoulombicForm, ...patch }, undefined)
    expect(bad({ cell: '0' })).toEqual({ ok: false, reason: 'Cell: "0" is not a valid value' })
    expect(bad({ mode: 'batch', cycles: '5-6' })).toEqual({
      ok: false,
      reason: 'Cycle 1: "5-6" is not START,END in seconds',
    })
    expect(bad({ anodeVolumeL: '0' })).toMatchObject({ ok: false, reason: /^Anode volume/ })
    expect(bad({ source: 'file' })).toEqual({ ok: false, reason: 'Choose a time-series file first' })
  })
})
