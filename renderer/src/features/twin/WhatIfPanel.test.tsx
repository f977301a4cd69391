// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SavedProcedure } from '../../../../server/contract/procedures'
import type { WhatIfOutcome, WhatIfResult } from '../../../../server/contract/twin'
import { useConfirm } from '../../store'
import type { TwinApi } from './twin-api'
import { WhatIfPanel } from './WhatIfPanel'

afterEach(cleanup)

const procedure: SavedProcedure = {
  ...{ id: 'load-steps', name: 'load steps', description: '', onAbort: 'safe', updatedAtMs: 0, updatedBy: 'ann' },
  steps: [{ kind: 'setLoad', ohm: 400 }],
}
const outcome = (label: string, extra: Partial<WhatIfOutcome> = {}): WhatIfOutcome => ({
  ...{ label, controller: 'fixed', energyJ: 36, meanPowerW: 0.001, finalPowerW: 0.001, minCellVoltageV: 0.3 },
  ...{ reversalCellHours: 0, coulombicEfficiencyPct: null, timeS: [0, 3600], powerW: [0.001, 0.001] },
  ...{ voltageV: [0.3, 0.3], ...extra },
})
const answer: WhatIfResult = {
  ...{ fromSimTimeS: 0, horizonS: 86_400, elapsedMs: 12 },
  candidate: outcome('load steps', {
    notes: ['interlocks are not modelled in the twin'],
    procedure: {
      ...{ id: 'load-steps', name: 'load steps', sweeps: [] },
      events: [{ atS: 0, action: 'step-started', message: 'step 1 of 1: set load 400 Ω' }],
    },
  }),
  baseline: outcome('baseline: mppt'),
}

function choose(legend: string, plan: string) {
  const fieldset = screen.getByRole('group', { name: legend })
  fireEvent.change(fieldset.querySelector('select')!, { target: { value: plan } })
  return fieldset
}

describe('the what-if form', () => {
  it('tries a saved procedure against a controller, then applies it to the stack once confirmed', async () => {
    const whatIf = vi.fn(() => Promise.resolve(answer))
    const apply = vi.fn(() => Promise.resolve({ ok: true as const }))
    render(<WhatIfPanel api={{ whatIf } as unknown as TwinApi} procedures={[procedure]} apply={apply} />)
    const candidate = choose('Candidate', 'procedure')
    fireEvent.change(candidate.querySelectorAll('select')[1]!, { target: { value: 'load-steps' } })
    choose('Against', 'mppt')
    fireEvent.change(screen.getByLabelText('For (days)'), { target: { value: '1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Try on the twin' }))
    const chart = await screen.findByTestId('what-if-chart')
    expect(whatIf).toHaveBeenCalledWith({
      horizonS: 86_400,
      candidate: { procedureId: 'load-steps' },
      baseline: { controller: { kind: 'mppt' } },
    })
    expect(chart.dataset.marks).toBe('1')
    expect(screen.getByTestId('what-if-notes').textContent).toContain('interlocks are not modelled')
    fireEvent.click(screen.getByRole('button', { name: 'Apply load steps to hardware' }))
    await expect.poll(() => useConfirm.getState().request?.title).toBe('Start load steps')
    expect(apply).not.toHaveBeenCalled()
    useConfirm.getState().answer(true)
    await expect.poll(() => apply.mock.calls.length).toBe(1)
    expect(apply).toHaveBeenCalledWith({ kind: 'procedure', id: 'load-steps' })
  })

  it('sends nothing without a chosen procedure, and offers no apply to a user not allowed to', async () => {
    const whatIf = vi.fn(() => Promise.resolve(answer))
    render(<WhatIfPanel api={{ whatIf } as unknown as TwinApi} procedures={[procedure]} />)
    choose('Candidate', 'procedure')
    fireEvent.click(screen.getByRole('button', { name: 'Try on the twin' }))
    expect(await screen.findByText('Candidate: choose a saved procedure')).toBeTruthy()
    expect(whatIf).not.toHaveBeenCalled()
    choose('Candidate', 'mppt')
    fireEvent.click(screen.getByRole('button', { name: 'Try on the twin' }))
    await screen.findByTestId('what-if-chart')
    expect(screen.queryByRole('button', { name: /to hardware/ })).toBeNull()
  })
})
