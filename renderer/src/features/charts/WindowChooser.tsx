import { useSimulation } from '../../store'
import { nearestChoice, windowChoicesFor } from './window-choices'

/** The window, offered in wall and simulated time as the current speed makes sense of them. */
export function WindowChooser({ windowS, onChange }: { windowS: number; onChange(seconds: number): void }) {
  const speed = useSimulation((s) => s.status?.speed)
  const choices = windowChoicesFor(speed)
  const current = nearestChoice(choices, windowS)
  return (
    <label>
      Window{' '}
      <select
        value={current ? String(current.seconds) : ''}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid="chart-window"
      >
        {choices.map((c) => (
          <option key={c.id} value={c.seconds}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  )
}
