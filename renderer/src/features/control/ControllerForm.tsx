import { useState, type FormEvent } from 'react'
import { controllerDefaults, controllerKinds, type ControllerKind } from '../../../../server/contract/simulation'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSimulation } from '../../store'
import { controllerNames } from '../../store/names'
import { controllerChanges, controllerFields, currentValues, settingsOf } from './controller-fields'
import { ControllerSettings, PolicyInput } from './ControllerSettings'

type Policy = { name: string; value?: unknown; error?: string }

async function readPolicy(file: File): Promise<Policy> {
  try {
    return { name: file.name, value: JSON.parse(await file.text()) as unknown }
  } catch (error) {
    return { name: file.name, error: `not JSON: ${(error as Error).message}` }
  }
}

/** Switches the controller live; the running one's settings are shown as values, the confirmation says old -> new. */
export function ControllerForm() {
  const running = useSimulation((s) => s.config?.controller)
  const setController = useSimulation((s) => s.setController)
  const pending = useSimulation((s) => s.pending)
  const [kind, setKind] = useState<ControllerKind>()
  const [edits, setEdits] = useState<Record<string, string>>()
  const [policy, setPolicy] = useState<Policy>()
  const { outcome, apply } = useChange()
  const chosen = kind ?? running?.kind ?? 'fixed'
  const values = edits ?? currentValues(running, chosen)
  const choose = (next: ControllerKind) => {
    setKind(next)
    setEdits(undefined)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const settings = chosen === 'qlearning' ? { policy: policy?.value } : settingsOf(chosen, values)
    const lines = controllerChanges(running, chosen, settings)
    if (chosen === 'qlearning') lines.push(`policy ${policy?.name ?? ''}`)
    void apply(
      {
        title: `Switch to ${controllerNames[chosen]}?`,
        body:
          lines.length > 0 ? lines.join('; ') : 'No setting changes: the controller restarts with the same settings.',
        confirmLabel: 'Switch controller',
      },
      async () => {
        const result = await setController({ kind: chosen, ...settings })
        if (result.ok) setEdits(undefined)
        return result
      },
    )
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid="controller-form">
      <fieldset>
        <legend>Controller (running: {running?.kind ?? '…'})</legend>
        <div className="form-row">
          <label>
            Kind
            <select name="kind" value={chosen} onChange={(e) => choose(e.target.value as ControllerKind)}>
              {controllerKinds.map((k) => (
                <option key={k} value={k}>
                  {controllerNames[k]}
                </option>
              ))}
            </select>
          </label>
          {chosen !== 'qlearning' && (
            <ControllerSettings
              fields={controllerFields[chosen]}
              values={values}
              defaults={controllerDefaults[chosen]}
              onChange={setEdits}
            />
          )}
          {chosen === 'qlearning' && (
            <PolicyInput
              error={policy?.error}
              onFile={(file) => void (file ? readPolicy(file).then(setPolicy) : setPolicy(undefined))}
            />
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={pending !== undefined || (chosen === 'qlearning' && policy?.value === undefined)}
          >
            Apply controller
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
