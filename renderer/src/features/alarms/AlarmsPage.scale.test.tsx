// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAlarms } from '../../store'
import type { TimedEvent } from '../../store/alarms'
import { alarmEvent } from '../../testing/fixtures'
import { AlarmAnnouncer } from './AlarmAnnouncer'
import { AlarmsPage } from './AlarmsPage'
import type * as AlarmRowModule from './AlarmRow'

/** Which alarm each row render was for: the page's cost is the rows it renders. */
const rowRenders = vi.hoisted(() => [] as string[])
vi.mock('./AlarmRow', async (importOriginal) => {
  const actual = await importOriginal<typeof AlarmRowModule>()
  return {
    AlarmRow: (props: Parameters<typeof actual.AlarmRow>[0]) => {
      rowRenders.push(props.alarm.id)
      return actual.AlarmRow(props)
    },
  }
})

const highAt = (cell: number): TimedEvent => ({
  event: alarmEvent('raised', cell, { id: `cell-high:${cell}`, message: `Cell ${cell}: low` }),
  atMs: 500,
})
const raiseAll = (cells: number): TimedEvent[] =>
  Array.from({ length: cells }, (_, i) => ({
    event: alarmEvent('raised', i + 1, { id: `cell-low:${i + 1}`, message: `Cell ${i + 1}: low`, severity: 'low' }),
    atMs: 1000 + i,
  }))

beforeEach(() => {
  useAlarms.getState().clear()
  rowRenders.length = 0
})
afterEach(cleanup)

describe('alarm page at pilot scale', () => {
  it('renders again only the row of the one alarm of 300 that changed', () => {
    useAlarms.getState().applyEvents(raiseAll(300))
    render(<AlarmsPage />)
    expect(screen.getAllByTestId('alarm-row')).toHaveLength(50)
    rowRenders.length = 0
    // The newest alarm is first among equals; raised again it stays first and only counts up.
    const again = alarmEvent('raised', 300, { id: 'cell-low:300', severity: 'low', message: 'Cell 300: low' })
    act(() => useAlarms.getState().applyEvent(again, 5000))
    expect(rowRenders).toEqual(['cell-low:300'])
    expect(screen.getAllByTestId('alarm-count')[0]?.textContent).toBe('2')
  })

  it('keeps the list sorted by severity then time across pages, reachable with buttons', () => {
    useAlarms.getState().applyEvents(raiseAll(250))
    render(<AlarmsPage />)
    act(() => useAlarms.getState().applyEvent(alarmEvent('raised', 7, { id: 'cell-reversal:7' }), 9000))
    const rows = () => screen.getAllByTestId('alarm-row')
    expect(rows()[0]?.dataset['severity']).toBe('high')
    expect(screen.getByTestId('alarm-page').textContent).toBe('Alarms 1–50 of 251')
    for (let page = 1; page < 6; page++) fireEvent.click(screen.getByRole('button', { name: 'Next 50' }))
    expect(screen.getByTestId('alarm-page').textContent).toBe('Alarms 251–251 of 251')
    expect(rows()).toHaveLength(1)
    // Oldest last: cell 1 was raised first of the low ones.
    expect(rows().at(-1)?.textContent).toContain('Cell 1: low')
    expect(screen.getByRole('button', { name: 'Next 50' })).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Previous 50' }))
    expect(rows()).toHaveLength(50)
  })

  it('announces a burst of new alarms once, by its most severe one, and not again on re-renders', () => {
    render(<AlarmAnnouncer />)
    const region = screen.getByRole('status')
    act(() => useAlarms.getState().applyEvents([...raiseAll(40), highAt(41)]))
    expect(region.textContent).toBe('41 new alarms, the most severe: Cell 41: low (high)')
    act(() => useAlarms.getState().applyEvents(raiseAll(40)))
    expect(region.textContent).toBe('41 new alarms, the most severe: Cell 41: low (high)')
  })
})
