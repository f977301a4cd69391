// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useEventLog } from '../../store'
import { EventLog } from './EventLog'

afterEach(cleanup)

describe('event log', () => {
  it('is a focusable log region (it scrolls) with wall times', () => {
    useEventLog.setState({ entries: [] })
    useEventLog.getState().add('change', 'Load: R 600 → 450 Ω', new Date(2026, 0, 1, 9, 30, 5).getTime())
    render(<EventLog />)
    const log = screen.getByRole('log', { name: 'Event log' })
    expect(log.tabIndex).toBe(0)
    expect(log.textContent).toBe('09:30:05 wall Load: R 600 → 450 Ω')
  })
})
