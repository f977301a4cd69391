import { useState } from 'react'
import { controllerKinds } from '../../../../server/contract/simulation'
import type { ProcedureStepInput } from '../../../../server/contract/procedures'
import { PROCEDURE_LIMITS as L } from '../../../../server/contract/procedures'
import { numberFields, parseResistors } from './step-fields'

type Props = { step: ProcedureStepInput; label: string; onChange(step: ProcedureStepInput): void }

function NumberInput(props: {
  label: string
  value: number
  min: number
  max: number
  step?: number
  onChange(v: number): void
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        required
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </label>
  )
}

/** The fields of one step, by kind, with the API's limits on every input. */
export function StepFields({ step, label, onChange }: Props) {
  const [resistors, setResistors] = useState(step.kind === 'polarizationSweep' ? step.resistorsOhm.join(', ') : '')
  const numbers = numberFields[step.kind] ?? []
  const values = step as unknown as Record<string, number>
  return (
    <>
      {step.kind === 'setLoad' && (
        <>
          <label>
            <input
              type="checkbox"
              checked={step.ohm === 'open'}
              onChange={(e) => onChange({ ...step, ohm: e.target.checked ? 'open' : 1000 })}
            />
            {`${label}: open circuit`}
          </label>
          {step.ohm !== 'open' && (
            <NumberInput
              label="R_ext (Ω)"
              value={step.ohm}
              min={L.minOhm}
              max={L.maxOhm}
              onChange={(ohm) => onChange({ ...step, ohm })}
            />
          )}
        </>
      )}
      {step.kind === 'switchController' && (
        <label>
          Controller
          <select
            value={step.controller.kind}
            onChange={(e) =>
              onChange({
                ...step,
                controller: { kind: e.target.value as (typeof controllerKinds)[number], periodS: 1 },
              })
            }
          >
            {controllerKinds.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
      )}
      {step.kind === 'polarizationSweep' && (
        <label>
          Resistors (Ω, comma-separated)
          <input
            value={resistors}
            aria-invalid={parseResistors(resistors) === undefined}
            onChange={(e) => {
              setResistors(e.target.value)
              const parsed = parseResistors(e.target.value)
              if (parsed) onChange({ ...step, resistorsOhm: parsed })
            }}
          />
        </label>
      )}
      {step.kind === 'repeat' && <RepeatFields step={step} onChange={onChange} />}
      {numbers.map((field) => (
        <NumberInput
          key={field.key}
          label={field.label}
          value={values[field.key] ?? NaN}
          min={field.min}
          max={field.max}
          {...(field.step ? { step: field.step } : {})}
          onChange={(value) => onChange({ ...step, [field.key]: value })}
        />
      ))}
    </>
  )
}

function RepeatFields({
  step,
  onChange,
}: {
  step: Extract<ProcedureStepInput, { kind: 'repeat' }>
  onChange: Props['onChange']
}) {
  const daily = step.dailyAt !== undefined
  return (
    <>
      <label>
        Schedule
        <select
          value={daily ? 'daily' : 'every'}
          onChange={(e) =>
            onChange(
              e.target.value === 'daily' ? { kind: 'repeat', dailyAt: '02:00' } : { kind: 'repeat', everyS: 14400 },
            )
          }
        >
          <option value="every">every N seconds</option>
          <option value="daily">daily at a time</option>
        </select>
      </label>
      {daily ? (
        <label>
          Daily at
          <input
            type="time"
            required
            value={step.dailyAt}
            onChange={(e) => onChange({ ...step, dailyAt: e.target.value })}
          />
        </label>
      ) : (
        <NumberInput
          label="Every (s)"
          value={step.everyS ?? NaN}
          min={L.minEveryS}
          max={L.maxEveryS}
          onChange={(everyS) => onChange({ ...step, everyS })}
        />
      )}
    </>
  )
}
