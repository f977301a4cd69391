// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SweepForm } from './SweepForm'

afterEach(cleanup)

const props = { onChange: () => undefined, onSubmit: () => undefined, busy: false, outcome: undefined, differs: false }

describe('sweep form', () => {
  it("bounds its inputs by the API's limits", () => {
    render(<SweepForm {...props} form={{ minOhm: '10', maxOhm: '2000', points: '40' }} problem={undefined} />)
    const points = screen.getByLabelText<HTMLInputElement>('Points')
    expect([points.min, points.max, points.step]).toEqual(['3', '100', '1'])
    expect(screen.getByLabelText<HTMLInputElement>('To (Ω)').max).toBe('1000000')
  })

  it('names the problem and sends nothing while the form is out of bounds', () => {
    render(<SweepForm {...props} form={{ minOhm: '10', maxOhm: '2000', points: '400' }} problem="points: too big" />)
    expect(screen.getByRole('alert').textContent).toBe('points: too big')
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Run sweep' }).disabled).toBe(true)
  })

  it('says when the form no longer describes the shown sweep', () => {
    render(<SweepForm {...props} differs form={{ minOhm: '10', maxOhm: '2000', points: '40' }} problem={undefined} />)
    expect(screen.getByTestId('sweep-differs').textContent).toBe('The form differs from the sweep shown below.')
  })
})
