import { useEffect, useState, type FormEvent } from 'react'
import type { RunCellGeometry } from '../../../../server/contract/cell-geometry'
import { ProblemNote } from '../../app/OutcomeNote'
import { TextField } from '../../app/TextField'
import { geometryApi, useCan, useConfirm, useLabMetrics } from '../../store'
import { useRequest } from '../twin/use-request'
import type { GeometryApi } from './geometry-api'
import { planGeometryEdit, type GeometryTarget } from './geometry-edit'

const sourceText = { config: 'from the configuration', edited: 'edited', simulation: 'simulation', unset: 'not set' }

function Size({ value, unit }: { value: RunCellGeometry['cells'][number]['anodeAreaCm2']; unit: string }) {
  return (
    <>
      {value.value === null ? '–' : `${value.value} ${unit}`}{' '}
      <span className="muted" data-testid="geometry-source">
        ({sourceText[value.source]})
      </span>
    </>
  )
}

function GeometryTable({ geometry }: { geometry: RunCellGeometry }) {
  return (
    <table className="table" data-testid="cell-geometry">
      <caption className="visually-hidden">Cell geometry of run {geometry.runId}</caption>
      <thead>
        <tr>
          <th scope="col">Cell</th>
          <th scope="col">Anode area</th>
          <th scope="col">Anode volume</th>
        </tr>
      </thead>
      <tbody>
        {geometry.cells.map((entry) => (
          <tr key={entry.cell} data-testid="cell-geometry-row">
            <th scope="row">Cell {entry.cell}</th>
            <td>
              <Size value={entry.anodeAreaCm2} unit="cm²" />
            </td>
            <td>
              <Size value={entry.anodeVolumeL} unit="L" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type EditFormProps = { geometry: RunCellGeometry; api: GeometryApi; onSaved(next: RunCellGeometry): void }

function EditForm({ geometry, api, onSaved }: EditFormProps) {
  const [target, setTarget] = useState<GeometryTarget>('all')
  const [area, setArea] = useState('')
  const [volume, setVolume] = useState('')
  const { problem, setProblem, busy, send } = useRequest()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const plan = planGeometryEdit(geometry, target, { anodeAreaCm2: area, anodeVolumeL: volume })
    if ('problem' in plan) return setProblem(plan.problem)
    const body = `${plan.changes.join('\n')}\nThe recorded frames stay as they are; the lab metrics use the new values.`
    if (!(await useConfirm.getState().ask({ title: 'Edit cell geometry', body, confirmLabel: 'Save geometry' }))) return
    await send(() => api.edit(geometry.runId, plan.body), onSaved)
  }
  return (
    <form className="form-row" aria-label="Edit cell geometry" onSubmit={(event) => void submit(event)}>
      <label>
        Cells
        <select value={target} onChange={(e) => setTarget(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
          <option value="all">All cells</option>
          {geometry.cells.map((entry) => (
            <option key={entry.cell} value={entry.cell}>
              Cell {entry.cell}
            </option>
          ))}
        </select>
      </label>
      <TextField label="Anode area (cm²)" inputMode="decimal" value={area} onChange={setArea} />
      <TextField label="Anode volume (L)" inputMode="decimal" value={volume} onChange={setVolume} />
      <button type="submit" className="button button--small" disabled={busy}>
        Save…
      </button>
      <ProblemNote problem={problem} testId="geometry-problem" />
    </form>
  )
}

/**
 * A hardware run's anode area and volume per cell (docs/lab-metrics.md "Editing cell geometry"): shown with
 * where each came from, editable per cell or for all cells after a confirmation naming old -> new; the
 * lab metrics are read again after a save, so the power densities follow.
 */
export function CellGeometryEditor({ runId, api = geometryApi }: { runId: string; api?: GeometryApi }) {
  const [geometry, setGeometry] = useState<RunCellGeometry>()
  const canEdit = useCan('simulation:control')
  const { problem, send } = useRequest()
  useEffect(() => {
    void send(() => api.read(runId), setGeometry)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read again only for another run
  }, [runId, api])
  const saved = (next: RunCellGeometry) => {
    setGeometry(next)
    void useLabMetrics.getState().refresh()
  }
  return (
    <details className="cell-geometry" data-testid="cell-geometry-editor">
      <summary>Edit cell geometry</summary>
      <ProblemNote problem={problem} />
      {geometry && <GeometryTable geometry={geometry} />}
      {geometry && canEdit && <EditForm geometry={geometry} api={api} onSaved={saved} />}
      {geometry && !canEdit && <p className="muted">Editing needs an operator or above.</p>}
    </details>
  )
}
