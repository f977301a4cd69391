// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useTelemetry } from '../../store'
import { telemetryFrame } from '../../testing/fixtures'
import { CellHeatmap } from './CellHeatmap'

afterEach(cleanup)

describe('cell heatmap', () => {
  it('shows every cell of a 256-cell stack as a link to the cell, alarms first', () => {
    const frame = telemetryFrame(256, { runId: 'heat' })
    frame.cells[99]!.alarms = ['voltage-reversal']
    frame.cells[99]!.voltageV = -0.1
    useTelemetry.getState().append(frame, 1)
    render(<CellHeatmap />)
    const squares = screen.getAllByTestId('heat-cell')
    expect(squares).toHaveLength(257) // 256 in their modules, and cell 100 again under "needs attention"
    const first = within(screen.getByTestId('heat-attention')).getByRole('link')
    expect(first.getAttribute('href')).toBe('#/cell/99')
    expect(first.getAttribute('aria-label')).toBe('Cell 100: -0.100 V, in alarm, outlier')
  })

  it('recolours by power when asked', () => {
    useTelemetry.getState().append(telemetryFrame(30, { runId: 'heat-power', seq: 1 }), 1)
    render(<CellHeatmap />)
    fireEvent.change(screen.getByTestId('heat-metric'), { target: { value: 'powerW' } })
    expect(screen.getAllByTestId('heat-cell')[0]!.getAttribute('aria-label')).toBe('Cell 1: 1.000 mW')
  })
})
