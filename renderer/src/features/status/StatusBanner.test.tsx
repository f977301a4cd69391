// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms, useInterlocks, useSimulation } from '../../store'
import { alarmEvent, simulationStatus } from '../../testing/fixtures'
import { StatusBanner } from './StatusBanner'

beforeEach(() => {
  useAlarms.getState().clear()
  useSimulation.setState({ status: simulationStatus() })
})
afterEach(cleanup)

describe('status banner', () => {
  it('says there is nothing active when there is nothing', () => {
    render(<StatusBanner />)
    expect(screen.getByTestId('status-banner').textContent).toBe('No active faults or alarms.')
  })

  it('lists active faults by their human names with target and start, and active alarms with severity', () => {
    useSimulation.setState({
      status: simulationStatus({
        activeFaults: [{ id: 3, startedS: 7200, endsS: null, fault: { kind: 'feed-pump-failure', cell: 1 } }],
      }),
    })
    useAlarms.getState().applyEvent(alarmEvent('raised', 3), 1)
    render(<StatusBanner />)
    expect(screen.getByTestId('banner-faults').textContent).toBe(
      '1 active fault: Feed pump failure (cell 2) since sim 02:00:00',
    )
    expect(screen.getByTestId('banner-alarms').textContent).toContain(
      'Cell 3: voltage reversal: the cell is driven below 0 V (high)',
    )
    expect(screen.getByRole('link', { name: 'All alarms' }).getAttribute('href')).toBe('#/alarms')
  })

  it('drops an alarm from the banner once it clears (the alarm page still lists it until acknowledged)', () => {
    const { applyEvent } = useAlarms.getState()
    applyEvent(alarmEvent('raised', 1), 1)
    applyEvent(alarmEvent('cleared', 1), 2)
    render(<StatusBanner />)
    expect(screen.getByTestId('status-banner').dataset['clear']).toBe('true')
  })
})

describe('status banner interlocks', () => {
  const interlock = {
    ...{ id: 'cell-reversal', state: 'tripped' as const, message: 'cell reversal: controller held, safe load applied' },
    ...{ actions: ['hold-controller', 'safe-load'], resume: 'auto' as const, cause: 'cell 3 voltageV = -0.12' },
    ...{ sinceMs: Date.UTC(2026, 0, 1, 12), trips: 1, acknowledgedBy: null, acknowledgedAtMs: null },
  }
  afterEach(() => useInterlocks.setState({ interlocks: [] }))

  it('shows a tripped interlock with its cause until it is armed again', () => {
    useInterlocks.setState({ interlocks: [interlock] })
    const { unmount } = render(<StatusBanner />)
    expect(screen.getByTestId('status-banner').dataset['clear']).toBe('false')
    expect(screen.getByTestId('banner-interlock').textContent).toMatch(
      /^Interlock cell-reversal tripped since .*: cell reversal: controller held, safe load applied \(cell 3 voltageV = -0\.12\)/,
    )
    unmount()
    useInterlocks.setState({ interlocks: [{ ...interlock, state: 'armed', cause: null }] })
    render(<StatusBanner />)
    expect(screen.getByTestId('status-banner').dataset['clear']).toBe('true')
  })

  it('says who acknowledged one waiting for an acknowledgement', () => {
    useInterlocks.setState({ interlocks: [{ ...interlock, state: 'awaiting-acknowledge', acknowledgedBy: 'ana' }] })
    render(<StatusBanner />)
    expect(screen.getByTestId('banner-interlock').textContent).toContain(
      'Interlock cell-reversal cleared, waiting for acknowledgement',
    )
    expect(screen.getByTestId('banner-interlock').textContent).toContain('acknowledged by ana')
  })
})
