// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { labMetricDefinitions } from '../../../../server/contract/lab-metrics'
import { MetricDefinition } from './MetricDefinition'

afterEach(cleanup)

describe('a metric definition tooltip', () => {
  const definition = labMetricDefinitions.powerDensityAreaWPerM2

  it('describes the name, opens on focus and hover, and closes on blur, leave and Escape', () => {
    render(<MetricDefinition {...definition} />)
    const name = screen.getByText(definition.label, { exact: false })
    const tip = screen.getByRole('tooltip', { hidden: true })
    expect(tip.textContent).toBe(definition.definition)
    expect(name.getAttribute('aria-describedby')).toBe(tip.id)
    expect(tip.hidden).toBe(true)
    fireEvent.focus(name)
    expect(tip.hidden).toBe(false)
    fireEvent.keyDown(name, { key: 'Escape' })
    expect(tip.hidden).toBe(true)
    fireEvent.mouseEnter(name.parentElement!)
    expect(tip.hidden).toBe(false)
    fireEvent.mouseLeave(name.parentElement!)
    expect(tip.hidden).toBe(true)
  })
})
