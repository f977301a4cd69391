import type { RunState } from '../../../../server/contract/simulation'
import type { RunCommand } from '../../api/simulation-api'
import { useSimulation } from '../../store'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

/** Which commands make sense in which state (the station refuses nothing here, but offering "pause" while stopped is noise). */
const allowed: Record<RunCommand, readonly RunState[]> = {
  start: ['idle', 'stopped', 'finished'],
  pause: ['running'],
  resume: ['paused'],
  stop: ['running', 'paused'],
  reset: ['running', 'paused', 'stopped', 'finished'],
}

const consequences: Record<RunCommand, string> = {
  start: 'The simulation starts running.',
  pause: 'Simulated time stops; the run can be resumed.',
  resume: 'Simulated time runs again.',
  stop: 'The run ends. Starting again begins a new run.',
  reset:
    'The run is discarded and the simulation returns to its initial state (idle). Pending structural changes apply.',
}

export function RunControls() {
  const state = useSimulation((s) => s.status?.state)
  const pending = useSimulation((s) => s.pending)
  const command = useSimulation((s) => s.command)
  const { outcome, apply } = useChange()
  return (
    <fieldset className="control-group" data-testid="run-controls">
      <legend>Run</legend>
      <div className="form-row">
        {(Object.keys(allowed) as RunCommand[]).map((name) => (
          <button
            key={name}
            type="button"
            className={`button${name === 'stop' || name === 'reset' ? ' button--danger' : ''}`}
            disabled={pending !== undefined || state === undefined || !allowed[name].includes(state)}
            onClick={() =>
              apply(
                {
                  title: `${name[0]!.toUpperCase()}${name.slice(1)} the run?`,
                  body: consequences[name],
                  confirmLabel: name[0]!.toUpperCase() + name.slice(1),
                },
                () => command(name),
              )
            }
          >
            {name[0]!.toUpperCase() + name.slice(1)}
          </button>
        ))}
        <OutcomeNote outcome={outcome} />
      </div>
    </fieldset>
  )
}
