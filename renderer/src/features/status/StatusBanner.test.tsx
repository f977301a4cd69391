// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAlarms, useSimulation } from '../../store'
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
