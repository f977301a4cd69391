import { useState, type FormEvent } from 'react'
import type { FaultKind } from '../../../../server/contract/simulation'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSimulation } from '../../store'
import { faultNames } from '../../store/names'
import { faultFields, faultRequest, faultTarget, type FaultField } from './fault-request'
import { FaultFieldInput, FaultKindSelect } from './FaultFieldInput'

/** Injects a fault now, into one cell, every cell or the stack; confirmed with what it hits. */
export function FaultForm() {
  const cells = useSimulation((s) => s.status?.cells ?? 0)
  const injectFault = useSimulation((s) => s.injectFault)
  const pending = useSimulation((s) => s.pending)
  const [kind, setKind] = useState<FaultKind>('starvation')
  const [values, setValues] = useState<Partial<Record<FaultField, string>>>({})
  const { outcome, apply } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const request = faultRequest(kind, values)
    const name = faultNames[kind]
    void apply(
      {
        title: `Inject ${name.toLowerCase()}?`,
        body: `${name} hits ${faultTarget(kind, request)} now.`,
        confirmLabel: 'Inject fault',
      },
      () => injectFault(request),
    )
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid="fault-form">
      <fieldset>
        <legend>Inject a fault</legend>
        <div className="form-row">
          <FaultKindSelect kind={kind} onChange={setKind} />
          {faultFields[kind].map((field) => (
            <FaultFieldInput
              key={field}
              field={field}
              value={values[field] ?? ''}
              cells={cells}
              onChange={(value) => setValues({ ...values, [field]: value })}
            />
          ))}
          <button type="submit" className="button button--danger" disabled={pending !== undefined}>
            Inject
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
