import type { FormEvent } from 'react'
import { OutcomeNote, ProblemNote } from '../../app/OutcomeNote'
import type { Outcome } from '../../store/change-runner'
import { sweepLimits, type SweepForm as Form } from './sweep-form'

const fields: Array<{ key: keyof Form; label: string }> = [
  { key: 'minOhm', label: 'From (Ω)' },
  { key: 'maxOhm', label: 'To (Ω)' },
  { key: 'points', label: 'Points' },
]

/** The sweep's range and points, bounded by the API's own limits; a problem is named before anything is sent. */
export function SweepForm(props: {
  form: Form
  onChange(form: Form): void
  onSubmit(): void
  busy: boolean
  outcome: Outcome | undefined
  /** Why the form cannot be sent as it is (the schema's reason), or undefined. */
  problem: string | undefined
  /** The form no longer describes the sweep on screen. */
  differs: boolean
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault()
    props.onSubmit()
  }
  return (
    <form className="form-row" onSubmit={submit} data-testid="sweep-form" noValidate>
      {fields.map(({ key, label }) => {
        const limits = sweepLimits[key]
        return (
          <label key={key}>
            {label}
            <input
              type="number"
              name={key}
              required
              min={limits.min}
              max={limits.max}
              step={limits.integer ? 1 : 'any'}
              value={props.form[key]}
              onChange={(e) => props.onChange({ ...props.form, [key]: e.target.value })}
              aria-describedby="sweep-limits"
            />
          </label>
        )
      })}
      <button type="submit" className="button button--primary" disabled={props.busy || props.problem !== undefined}>
        Run sweep
      </button>
      <span id="sweep-limits" className="muted">
        R_ext up to {sweepLimits.maxOhm.max.toLocaleString('en')} Ω, {sweepLimits.points.min}–{sweepLimits.points.max}{' '}
        points
      </span>
      <ProblemNote problem={props.problem} testId="sweep-problem" />
      {props.differs && !props.problem && (
        <span className="notice" data-testid="sweep-differs">
          The form differs from the sweep shown below.
        </span>
      )}
      <OutcomeNote outcome={props.outcome} />
    </form>
  )
}
