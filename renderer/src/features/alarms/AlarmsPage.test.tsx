// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms } from '../../store'
import { AlarmAnnouncer } from './AlarmAnnouncer'
import { AlarmsPage } from './AlarmsPage'

beforeEach(() => useAlarms.getState().clear())
afterEach(cleanup)

const event = (cell: number, alarm: 'voltage-reversal' | 'substrate-depleted', raised: boolean) =>
  ({ kind: 'alarm', cell, alarm, raised, simTimeS: 600 }) as const

describe('alarm page', () => {
  it('lists active alarms first with severity and how often each was raised', () => {
    const { applyEvent } = useAlarms.getState()
    applyEvent(event(0, 'substrate-depleted', true), 1)
    applyEvent(event(0, 'substrate-depleted', false), 2)
    applyEvent(event(2, 'voltage-reversal', true), 3)
    applyEvent(event(2, 'voltage-reversal', false), 4)
    applyEvent(event(2, 'voltage-reversal', true), 5)
    render(<AlarmsPage />)
    const rows = screen.getAllByTestId('alarm-row')
    expect(rows.map((r) => [r.dataset['active'], r.dataset['severity']])).toEqual([
      ['true', 'high'],
      ['false', 'medium'],
    ])
    expect(rows.map((r) => r.querySelector('[data-testid="alarm-count"]')?.textContent)).toEqual(['2', '1'])
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull() // needs the station's alarm module
  })

  it('announces a new alarm in the live region, not its re-raises', () => {
    render(<AlarmAnnouncer />)
    const region = screen.getByRole('status')
    expect(region.textContent).toBe('')
    act(() => useAlarms.getState().applyEvent(event(4, 'voltage-reversal', true), 1))
    expect(region.textContent).toBe('New alarm: Cell 5: Voltage reversal (high)')
    act(() => useAlarms.getState().applyEvent(event(4, 'voltage-reversal', false), 2))
    act(() => useAlarms.getState().applyEvent(event(1, 'substrate-depleted', true), 3))
    act(() => useAlarms.getState().applyEvent(event(4, 'voltage-reversal', true), 4))
    expect(region.textContent).toBe('New alarm: Cell 2: Substrate depleted (medium)')
  })
})
