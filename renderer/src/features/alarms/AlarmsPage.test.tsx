// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms } from '../../store'
import { alarmEvent } from '../../testing/fixtures'
import { AlarmAnnouncer } from './AlarmAnnouncer'
import { AlarmsPage } from './AlarmsPage'

beforeEach(() => useAlarms.getState().clear())
afterEach(cleanup)

describe('alarm page', () => {
  it('lists active alarms first with severity, state and how often each was raised', () => {
    const { applyEvent } = useAlarms.getState()
    applyEvent(alarmEvent('raised', 1, { severity: 'medium' }), 1)
    applyEvent(alarmEvent('cleared', 1, { severity: 'medium' }), 2)
    applyEvent(alarmEvent('raised', 3), 3)
    applyEvent(alarmEvent('cleared', 3), 4)
    applyEvent(alarmEvent('raised', 3), 5)
    render(<AlarmsPage />)
    const rows = screen.getAllByTestId('alarm-row')
    expect(rows.map((r) => [r.dataset['state'], r.dataset['severity']])).toEqual([
      ['active-unacked', 'high'],
      ['cleared-unacked', 'medium'],
    ])
    expect(rows.map((r) => r.querySelector('[data-testid="alarm-count"]')?.textContent)).toEqual(['2', '1'])
    // Signed out here: acknowledging needs alarms:manage.
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull()
  })

  it('announces a new alarm in the live region, not its re-raises', () => {
    render(<AlarmAnnouncer />)
    const region = screen.getByRole('status')
    expect(region.textContent).toBe('')
    act(() => useAlarms.getState().applyEvent(alarmEvent('raised', 5), 1))
    expect(region.textContent).toBe('New alarm: Cell 5: voltage reversal: the cell is driven below 0 V (high)')
    act(() => useAlarms.getState().applyEvent(alarmEvent('cleared', 5), 2))
    act(() =>
      useAlarms.getState().applyEvent(alarmEvent('raised', 2, { severity: 'medium', message: 'Cell 2: low' }), 3),
    )
    act(() => useAlarms.getState().applyEvent(alarmEvent('raised', 5), 4))
    expect(region.textContent).toBe('New alarm: Cell 2: low (medium)')
  })
})
