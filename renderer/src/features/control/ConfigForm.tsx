import { useState, type FormEvent } from 'react'
import type { RunConfigView } from '../../../../server/contract/run-config-view'
import { useSimulation } from '../../store'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

/** A live-editable number of the run configuration, by its path (`feed.flowLPerDay`). */
export type ConfigField = { path: readonly [string, string]; label: string; unit: string }

function valueAt(config: RunConfigView | undefined, [section, key]: ConfigField['path']): number | undefined {
  const value = (config?.[section] as Record<string, unknown> | undefined)?.[key]
  return typeof value === 'number' ? value : undefined
}

/** The patch for the fields the operator filled in: `{ feed: { flowLPerDay: 0.2 } }`. */
export function buildPatch(
  fields: readonly ConfigField[],
  values: Record<string, string>,
): Record<string, Record<string, number>> {
  const patch: Record<string, Record<string, number>> = {}
  for (const { path } of fields) {
    const text = (values[path.join('.')] ?? '').trim()
    if (text === '') continue
    patch[path[0]] = { ...patch[path[0]], [path[1]]: Number(text) }
  }
  return patch
}

/** Edits a few configuration numbers; the current values are shown as placeholders, only typed ones are sent. */
export function ConfigForm({
  title,
  fields,
  testId,
}: {
  title: string
  fields: readonly ConfigField[]
  testId: string
}) {
  const config = useSimulation((s) => s.config)
  const configure = useSimulation((s) => s.configure)
  const pending = useSimulation((s) => s.pending)
  const [values, setValues] = useState<Record<string, string>>({})
  const { outcome, apply } = useChange()
  const patch = buildPatch(fields, values)
  const changes = fields
    .filter((f) => (values[f.path.join('.')] ?? '').trim() !== '')
    .map((f) => `${f.label} ${values[f.path.join('.')]} ${f.unit}`)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void apply(
      { title: `Change ${title.toLowerCase()}?`, body: changes.join(', '), confirmLabel: 'Apply' },
      async () => {
        const result = await configure(`${title}: ${changes.join(', ')}`, patch)
        if (result.ok) setValues({})
        return result
      },
    )
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid={testId}>
      <fieldset>
        <legend>{title}</legend>
        <div className="form-row">
          {fields.map((field) => {
            const id = field.path.join('.')
            const current = valueAt(config, field.path)
            return (
              <label key={id}>
                {field.label} ({field.unit})
                <input
                  name={id}
                  type="number"
                  step="any"
                  placeholder={current === undefined ? '' : String(current)}
                  value={values[id] ?? ''}
                  onChange={(e) => setValues({ ...values, [id]: e.target.value })}
                />
              </label>
            )
          })}
          <button type="submit" className="button" disabled={pending !== undefined || changes.length === 0}>
            Apply
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
