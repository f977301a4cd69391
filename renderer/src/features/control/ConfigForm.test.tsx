// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useConfirm, useSimulation } from '../../store'
import { ConfigForm } from './ConfigForm'
import { celsius, type ConfigField } from './config-fields'

const fields: ConfigField[] = [
  { path: ['feed', 'flowLPerDay'], label: 'Flow', unit: 'L/d' },
  { path: ['feed', 'temperatureK'], label: 'Temperature', ...celsius },
]
const patches: Array<[string, unknown]> = []

beforeEach(() => {
  patches.length = 0
  useSimulation.setState({
    pending: undefined,
    config: {
      name: 'x',
      stack: { cells: 1, wiring: 'series' },
      feed: { flowLPerDay: 0.15, influentMgL: 600, dosingMgPerDay: 0, temperatureK: 298.15 },
      load: { rExtOhm: 600 },
      controller: { kind: 'fixed' },
      targets: { substrateMgL: 177 },
    },
    configure: async (label, patch) => (patches.push([label, patch]), { ok: true }),
  })
})
afterEach(cleanup)

describe('config form', () => {
  it('shows the current values as values, temperature in °C', () => {
    render(<ConfigForm title="Feed" fields={fields} testId="feed-form" />)
    expect(screen.getByLabelText<HTMLInputElement>('Flow (L/d)').value).toBe('0.15')
    expect(screen.getByLabelText<HTMLInputElement>('Temperature (°C)').value).toBe('25')
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Apply' }).disabled).toBe(true)
  })

  it('confirms old -> new and sends only the changed field in kelvin', async () => {
    render(<ConfigForm title="Feed" fields={fields} testId="feed-form" />)
    fireEvent.change(screen.getByLabelText('Temperature (°C)'), { target: { value: '30' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    await expect.poll(() => useConfirm.getState().request?.body).toBe('Temperature 25 → 30 °C')
    useConfirm.getState().answer(true)
    await expect.poll(() => patches).toEqual([['Feed: Temperature 25 → 30 °C', { feed: { temperatureK: 303.15 } }]])
  })
})
