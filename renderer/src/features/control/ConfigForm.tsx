import { useState, type FormEvent } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSimulation } from '../../store'
import { buildPatch, changesOf, currentValue, describeChange, type ConfigField } from './config-fields'

/**
 * Edits a few configuration numbers. Each input shows the current value (not a placeholder); the
 * confirmation and the log say old -> new for the fields that changed; only those are sent.
 */
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
  const [edits, setEdits] = useState<Record<string, string>>({})
  const { outcome, apply } = useChange()
  const changes = changesOf(fields, config, edits)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const summary = changes.map(describeChange).join(', ')
    void apply({ title: `Change ${title.toLowerCase()}?`, body: summary, confirmLabel: 'Apply' }, async () => {
      const result = await configure(`${title}: ${summary}`, buildPatch(changes))
      if (result.ok) setEdits({})
      return result
    })
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid={testId}>
      <fieldset>
        <legend>{title}</legend>
        <div className="form-row">
          {fields.map((field) => {
            const id = field.path.join('.')
            const current = currentValue(config, field)
            return (
              <label key={id}>
                {field.label} ({field.unit})
                <input
                  name={id}
                  type="number"
                  step="any"
                  value={edits[id] ?? (current === undefined ? '' : String(current))}
                  onChange={(e) => setEdits({ ...edits, [id]: e.target.value })}
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
