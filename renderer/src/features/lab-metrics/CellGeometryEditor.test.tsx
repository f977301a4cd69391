// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CellGeometryEdit, RunCellGeometry } from '../../../../server/contract/cell-geometry'
import { useAuth, useConfirm, useLabMetrics } from '../../store'
import { CellGeometryEditor } from './CellGeometryEditor'
import { planGeometryEdit } from './geometry-edit'

const geometry = (area: number | null): RunCellGeometry => ({
  runId: 'hw-1',
  source: 'hardware',
  editable: true,
  cells: [1, 2].map((cell) => ({
    cell,
    anodeAreaCm2: area === null ? { value: null, source: 'unset' } : { value: area, source: 'config' },
    anodeVolumeL: { value: 0.05, source: 'config' },
  })),
})

beforeEach(() => useAuth.setState({ status: 'open' }))
afterEach(cleanup)

describe('cell geometry edit plan', () => {
  it('names old -> new for each changed value and sends only the typed keys', () => {
    expect(planGeometryEdit(geometry(25), 'all', { anodeAreaCm2: '50', anodeVolumeL: '' })).toEqual({
      body: {
        cells: [
          { cell: 1, anodeAreaCm2: 50 },
          { cell: 2, anodeAreaCm2: 50 },
        ],
      },
      changes: ['Cell 1: anode area 25 → 50 cm²', 'Cell 2: anode area 25 → 50 cm²'],
    })
    expect(planGeometryEdit(geometry(null), 2, { anodeAreaCm2: '', anodeVolumeL: '0.2' })).toMatchObject({
      changes: ['Cell 2: anode volume 0.05 → 0.2 L'],
    })
  })

  it('refuses a size that is not a positive number, an empty form, and values already in force', () => {
    const plan = (area: string) => planGeometryEdit(geometry(25), 1, { anodeAreaCm2: area, anodeVolumeL: '' })
    expect(plan('-3')).toEqual({ problem: 'anode area must be a positive number' })
    expect(plan('abc')).toEqual({ problem: 'anode area must be a positive number' })
    expect(plan('')).toEqual({ problem: 'enter an anode area, an anode volume or both' })
    expect(plan('25')).toEqual({ problem: 'these are the values already in force' })
  })
})

describe('cell geometry editor', () => {
  it('shows the values with their source, confirms old -> new, saves, and reads the lab metrics again', async () => {
    const sent: CellGeometryEdit[] = []
    const api = {
      read: vi.fn(async () => geometry(25)),
      edit: vi.fn(async (_runId: string, body: CellGeometryEdit) => {
        sent.push(body)
        return {
          ...geometry(25),
          cells: geometry(25).cells.map((c) => ({ ...c, anodeAreaCm2: { value: 50, source: 'edited' as const } })),
        }
      }),
    }
    const refresh = vi.spyOn(useLabMetrics.getState(), 'refresh').mockResolvedValue()
    render(<CellGeometryEditor runId="hw-1" api={api} />)
    await screen.findByTestId('cell-geometry')
    expect(screen.getAllByTestId('cell-geometry-row')[0]?.textContent).toBe(
      'Cell 125 cm² (from the configuration)0.05 L (from the configuration)',
    )
    fireEvent.change(screen.getByLabelText('Anode area (cm²)'), { target: { value: '50' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save…' }))
    await waitFor(() => expect(useConfirm.getState().request).toBeDefined())
    expect(useConfirm.getState().request?.body).toContain(
      'Cell 1: anode area 25 → 50 cm²\nCell 2: anode area 25 → 50 cm²',
    )
    expect(sent).toEqual([])
    useConfirm.getState().answer(true)
    await waitFor(() => expect(screen.getAllByTestId('geometry-source')[0]?.textContent).toBe('(edited)'))
    expect(sent).toEqual([
      {
        cells: [
          { cell: 1, anodeAreaCm2: 50 },
          { cell: 2, anodeAreaCm2: 50 },
        ],
      },
    ])
    expect(refresh).toHaveBeenCalled()
  })

  it('sends nothing when the confirmation is cancelled', async () => {
    const api = { read: vi.fn(async () => geometry(25)), edit: vi.fn() }
    render(<CellGeometryEditor runId="hw-1" api={api} />)
    await screen.findByTestId('cell-geometry')
    fireEvent.change(screen.getByLabelText('Anode volume (L)'), { target: { value: '0.1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save…' }))
    await waitFor(() => expect(useConfirm.getState().request).toBeDefined())
    useConfirm.getState().answer(false)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(api.edit).not.toHaveBeenCalled()
  })
})
