// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SeriesFitResultView } from '../../../../server/contract/twin-series-fit'
import { parseSeriesForm, SeriesFitPanel } from './SeriesFitPanel'
import type { TwinApi } from './twin-api'

afterEach(cleanup)

const answer: SeriesFitResultView = {
  parameters: { eMaxV: 0.58, yCh4MlPerMgS: null },
  ci95: { eMaxV: [0.579, 0.581], yCh4MlPerMgS: null },
  identifiable: { eMaxV: true, yCh4MlPerMgS: false },
  notIdentifiable: { yCh4MlPerMgS: { reason: 'no influence on the data', heldAt: 0.3 } },
  standardErrors: { eMaxV: 0.0005 },
  correlations: { eMaxV: { eMaxV: 1 } },
  ...{ rmse: 0.001, residualStdV: 0.001, degreesOfFreedom: 1, iterations: 4, evaluations: 12, elapsedMs: 90 },
  cellParameters: { eMaxV: 0.58, yCh4MlPerMgS: 0.3 },
  series: { timeS: [0, 3600, 7200], measuredV: [0.4, null, 0.35], modelV: [0.401, 0.38, 0.349] },
}

describe('time-series fit form', () => {
  it('names what is missing before anything is sent', () => {
    const form = { source: 'file' as const, csv: '', runId: '', cell: '1', s0MgL: '', fit: 'eMaxV' }
    expect(parseSeriesForm(form)).toMatchObject({ ok: false, reason: expect.stringMatching(/^Series/) })
    expect(parseSeriesForm({ ...form, source: 'run', runId: 'r1', cell: '0' })).toMatchObject({ reason: /^Cell/ })
    expect(parseSeriesForm({ ...form, csv: 'x', s0MgL: '-3' })).toMatchObject({ reason: /^S0/ })
    expect(parseSeriesForm({ ...form, source: 'run', runId: ' r1 ', cell: '2', fit: 'eMaxV, kSAMgL' })).toEqual({
      ok: true,
      body: { runId: 'r1', cell: 2, fit: ['eMaxV', 'kSAMgL'] },
    })
  })

  it('fits a recorded cell, shows the parameters and the chart, and saves the fit as a profile', async () => {
    const fitSeries = vi.fn(() => Promise.resolve(answer))
    const saveProfile = vi.fn(() => Promise.resolve({} as never))
    render(<SeriesFitPanel api={{ fitSeries, saveProfile } as unknown as TwinApi} />)
    fireEvent.change(screen.getByLabelText('Data'), { target: { value: 'run' } })
    fireEvent.change(screen.getByLabelText('Run id'), { target: { value: 'run-7' } })
    fireEvent.change(screen.getByLabelText('Parameters to fit'), { target: { value: 'eMaxV,yCh4MlPerMgS' } })
    fireEvent.click(screen.getByRole('button', { name: 'Fit series' }))
    const table = await screen.findByTestId('fit-parameters')
    expect(fitSeries).toHaveBeenCalledWith({ runId: 'run-7', cell: 1, fit: ['eMaxV', 'yCh4MlPerMgS'] })
    expect(table.textContent).toMatch(/yCh4MlPerMgS—.*no: no influence on the data/)
    expect(screen.getByTestId('series-fit-chart').getAttribute('data-points')).toBe('3')
    fireEvent.change(screen.getByLabelText('Save as cell profile'), { target: { value: 'rig-cell-1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved as profile rig-cell-1'))
    expect(saveProfile).toHaveBeenCalledWith(
      'rig-cell-1',
      expect.objectContaining({ origin: expect.objectContaining({ kind: 'series-fit', samples: 3 }) }),
    )
  })
})
