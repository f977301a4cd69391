// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FitResultView } from '../../../../server/contract/twin'
import { FitPanel } from './FitPanel'
import type { TwinApi } from './twin-api'
import { parseFitForm, initialFitForm, residualRows } from './twin-form'

afterEach(cleanup)

const answer: FitResultView = {
  parameters: { eMaxV: 0.55, rMaxOhm: null },
  ci95: { eMaxV: [0.54, 0.56], rMaxOhm: null },
  identifiable: { eMaxV: true, rMaxOhm: false },
  notIdentifiable: { rMaxOhm: { reason: 'no influence on the data', heldAt: 2025 } },
  standardErrors: { eMaxV: 0.005 },
  correlations: { eMaxV: { eMaxV: 1 } },
  rmse: 0.001,
  residualStdV: 0.001,
  degreesOfFreedom: 18,
  cellParameters: { eMaxV: 0.55, rMaxOhm: 2025 },
  points: [
    {
      rExtOhm: 100,
      voltageV: 0.4,
      currentA: 0.004,
      powerW: 0.0016,
      model: { voltageV: 0.401, currentA: 0.004, powerW: 0.0016 },
      residualV: -0.001,
    },
  ],
  curve: [{ rExtOhm: 100, voltageV: 0.401, currentA: 0.004, powerW: 0.0016 }],
  iterations: 5,
  evaluations: 20,
  elapsedMs: 120,
}

describe('twin fit form', () => {
  it('names a bad field before anything is sent', () => {
    expect(parseFitForm(initialFitForm)).toMatchObject({ ok: false, reason: expect.stringMatching(/points/) })
    const ok = parseFitForm({ ...initialFitForm, csv: 'r_ext_ohm,voltage_V,current_A\n100,0.4,0.004', biofilm: 'held' })
    expect(ok).toMatchObject({
      ok: true,
      body: { biofilm: 'held', grownAtOhm: 156, fit: ['eMaxV', 'rMaxOhm', 'xMaxMMgL'] },
    })
    expect(parseFitForm({ ...initialFitForm, csv: 'x', s0MgL: '-1' })).toMatchObject({ ok: false, reason: /^s0MgL/ })
  })

  it('shows each parameter with its interval, and a parameter the data cannot identify as such', async () => {
    const fit = vi.fn(() => Promise.resolve(answer))
    const saveProfile = vi.fn(() => Promise.resolve({} as never))
    render(<FitPanel api={{ fit, saveProfile } as unknown as TwinApi} />)
    fireEvent.change(screen.getByLabelText(/Polarization points/), {
      target: {
        value: 'r_ext_ohm,voltage_V,current_A\n100,0.4,0.004\n200,0.5,0.0025\n400,0.55,0.0014\n800,0.6,0.00075',
      },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Fit' }))
    const table = await screen.findByTestId('fit-parameters')
    expect(fit).toHaveBeenCalledOnce()
    expect(table.textContent).toContain('[0.5400, 0.5600]')
    expect(table.textContent).toMatch(/rMaxOhm—.*no: no influence on the data \(held at 2025\)/)
    fireEvent.change(screen.getByLabelText('Save as cell profile'), { target: { value: 'lab-cell-3' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved as profile lab-cell-3'))
    expect(saveProfile).toHaveBeenCalledWith(
      'lab-cell-3',
      expect.objectContaining({
        origin: expect.objectContaining({ kind: 'fit', fitted: ['eMaxV'], notIdentifiable: ['rMaxOhm'] }),
      }),
    )
  })

  it('gives the residual where the source reported a value, and a gap where it did not', () => {
    const rows = residualRows({
      cell: 0,
      timeS: [0, 1],
      measuredV: [0.5, null],
      modelV: [0.48, 0.49],
      measuredW: [0, null],
      modelW: [0, 0],
    })
    expect(rows[0]?.residual).toBeCloseTo(0.02, 12)
    expect(rows[1]).toEqual({ t: 1, measured: null, model: 0.49, residual: null })
  })
})
