import type { SavedProcedure } from '../../../../server/contract/procedures'
import { controllerKinds, type PlanChoice } from './what-if-plan'

/** One side of a what-if: a controller (kind, JSON spec, or the current one) or a saved procedure. */
export function PlanPicker(props: {
  legend: string
  choice: PlanChoice
  onChange(choice: PlanChoice): void
  procedures: readonly SavedProcedure[]
  current?: boolean
}) {
  const { choice, onChange, procedures } = props
  return (
    <fieldset className="form-row">
      <legend>{props.legend}</legend>
      <label>
        Plan
        <select
          value={choice.kind}
          onChange={(e) => onChange({ ...choice, kind: e.target.value as PlanChoice['kind'] })}
        >
          {props.current && <option value="current">the current controller</option>}
          {controllerKinds.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          <option value="custom">a controller spec (JSON)</option>
          <option value="procedure" disabled={procedures.length === 0}>
            a saved procedure
          </option>
        </select>
      </label>
      {choice.kind === 'custom' && (
        <label>
          Spec, as the run config&apos;s controller
          <textarea rows={2} value={choice.json} onChange={(e) => onChange({ ...choice, json: e.target.value })} />
        </label>
      )}
      {choice.kind === 'procedure' && (
        <label>
          Procedure
          <select
            value={choice.procedureId ?? ''}
            onChange={(e) => onChange({ ...choice, procedureId: e.target.value || undefined })}
          >
            <option value="">choose…</option>
            {procedures.map((procedure) => (
              <option key={procedure.id} value={procedure.id}>
                {`${procedure.name} (${procedure.id})`}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  )
}
