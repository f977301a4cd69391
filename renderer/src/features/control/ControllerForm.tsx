import { useState, type FormEvent } from 'react'
import { controllerDefaults, controllerKinds, type ControllerKind } from '../../../../server/contract/simulation'
import { describeError } from '../../api/http-client'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSimulation } from '../../store'
import { controllerNames } from '../../store/names'
import { controllerChanges, controllerFields, currentValues, settingsOf } from './controller-fields'
import { ControllerSettings } from './ControllerSettings'
import { PolicyChoice, usePolicySelection } from './PolicyChoice'
import { TrainPolicyPanel } from './TrainPolicyPanel'

/** Switches the controller live; the running one's settings are shown as values, the confirmation says old -> new. */
export function ControllerForm() {
  const running = useSimulation((s) => s.config?.controller)
  const setController = useSimulation((s) => s.setController)
  const pending = useSimulation((s) => s.pending)
  const [kind, setKind] = useState<ControllerKind>()
  const [edits, setEdits] = useState<Record<string, string>>()
  const policy = usePolicySelection()
  const { outcome, apply } = useChange()
  const chosen = kind ?? running?.kind ?? 'fixed'
  const values = edits ?? currentValues(running, chosen)
  const choose = (next: ControllerKind) => {
    setKind(next)
    setEdits(undefined)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const settings = chosen === 'qlearning' ? {} : settingsOf(chosen, values)
    const lines = controllerChanges(running, chosen, settings)
    if (chosen === 'qlearning') lines.push(`policy ${policy.label}`)
    void apply(
      {
        title: `Switch to ${controllerNames[chosen]}?`,
        body:
          lines.length > 0 ? lines.join('; ') : 'No setting changes: the controller restarts with the same settings.',
        confirmLabel: 'Switch controller',
      },
      async () => {
        let chosenSettings = settings
        if (chosen === 'qlearning')
          try {
            chosenSettings = { policy: await policy.document() }
          } catch (error) {
            return { ok: false as const, reason: describeError(error) }
          }
        const result = await setController({ kind: chosen, ...chosenSettings })
        if (result.ok) setEdits(undefined)
        return result
      },
    )
  }
  return (
    <>
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
            {chosen === 'qlearning' && <PolicyChoice {...policy.choice} />}
            <button
              type="submit"
              className="button button--primary"
              disabled={pending !== undefined || (chosen === 'qlearning' && !policy.ready)}
            >
              Apply controller
            </button>
            <OutcomeNote outcome={outcome} />
          </div>
        </fieldset>
      </form>
      {chosen === 'qlearning' && <TrainPolicyPanel />}
    </>
  )
}
