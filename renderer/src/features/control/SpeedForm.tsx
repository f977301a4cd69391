import { useState, type FormEvent } from 'react'
import { formatSpeed } from '../../app/format'
import { useSimulation } from '../../store'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

/** Simulated seconds per second (or as fast as possible) and the telemetry rate. */
export function SpeedForm() {
  const speed = useSimulation((s) => s.status?.speed)
  const outputHz = useSimulation((s) => s.status?.outputHz)
  const setSpeed = useSimulation((s) => s.setSpeed)
  const pending = useSimulation((s) => s.pending)
  const [speedText, setSpeedText] = useState('')
  const [hzText, setHzText] = useState('')
  const { outcome, apply } = useChange()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const next = speedText.trim() === 'max' ? 'max' : Number(speedText || speed)
    const hz = hzText === '' ? undefined : Number(hzText)
    void apply(
      {
        title: 'Change speed?',
        body: `Speed ${formatSpeed(next)}${hz ? `, ${hz} frames per second` : ''}.`,
        confirmLabel: 'Change speed',
      },
      () => setSpeed(next, hz),
    )
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid="speed-form">
      <fieldset>
        <legend>Speed</legend>
        <div className="form-row">
          <label>
            Speed (× or "max")
            <input
              name="speed"
              value={speedText}
              placeholder={speed === undefined ? '' : String(speed)}
              onChange={(e) => setSpeedText(e.target.value)}
              pattern="max|[0-9]*\.?[0-9]+"
            />
          </label>
          <label>
            Frames per second
            <input
              name="outputHz"
              type="number"
              step="any"
              value={hzText}
              placeholder={outputHz === undefined ? '' : String(outputHz)}
              onChange={(e) => setHzText(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button"
            disabled={pending !== undefined || (speedText === '' && hzText === '')}
          >
            Apply
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
