import { useState, type FormEvent } from 'react'
import { formatSpeed } from '../../app/format'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useSimulation } from '../../store'

/** The speed the text asks for: a positive number or "max"; undefined for anything else. */
export function parseSpeed(text: string): number | 'max' | undefined {
  const trimmed = text.trim()
  if (trimmed === 'max') return 'max'
  const value = Number(trimmed)
  return trimmed !== '' && Number.isFinite(value) && value > 0 ? value : undefined
}

/** Simulated seconds per second (or as fast as possible) and the telemetry rate, shown as their current values. */
export function SpeedForm() {
  const speed = useSimulation((s) => s.status?.speed)
  const outputHz = useSimulation((s) => s.status?.outputHz)
  const setSpeed = useSimulation((s) => s.setSpeed)
  const pending = useSimulation((s) => s.pending)
  const [speedText, setSpeedText] = useState<string>()
  const [hzText, setHzText] = useState<string>()
  const { outcome, apply } = useChange()
  const nextSpeed = speedText === undefined ? speed : parseSpeed(speedText)
  const nextHz = hzText === undefined || hzText.trim() === '' ? outputHz : Number(hzText)
  const changed = nextSpeed !== speed || nextHz !== outputHz
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (nextSpeed === undefined) return
    const lines = [
      ...(nextSpeed !== speed
        ? [`speed ${speed === undefined ? '?' : formatSpeed(speed)} → ${formatSpeed(nextSpeed)}`]
        : []),
      ...(nextHz !== outputHz ? [`frames per second ${outputHz ?? '?'} → ${nextHz}`] : []),
    ]
    void apply({ title: 'Change speed?', body: `${lines.join(', ')}.`, confirmLabel: 'Change speed' }, async () => {
      const result = await setSpeed(nextSpeed, nextHz !== outputHz ? nextHz : undefined)
      if (result.ok) {
        setSpeedText(undefined)
        setHzText(undefined)
      }
      return result
    })
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
              value={speedText ?? (speed === undefined ? '' : String(speed))}
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
              value={hzText ?? (outputHz === undefined ? '' : String(outputHz))}
              onChange={(e) => setHzText(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button"
            disabled={pending !== undefined || !changed || nextSpeed === undefined}
          >
            Apply
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
