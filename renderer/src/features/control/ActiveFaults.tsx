import { useSimulation } from '../../store'
import { formatSimTime } from '../../app/time-format'
import { faultName } from '../../store/names'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

/** Faults in effect now, each clearable. */
export function ActiveFaults() {
  const faults = useSimulation((s) => s.status?.activeFaults)
  const clearFault = useSimulation((s) => s.clearFault)
  const pending = useSimulation((s) => s.pending)
  const { outcome, apply } = useChange()
  return (
    <fieldset className="control-group" data-testid="active-faults">
      <legend>Active faults</legend>
      {!faults || faults.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="fault-list">
          {faults.map((f) => {
            const cell = typeof f.fault['cell'] === 'number' ? ` · cell ${f.fault['cell'] + 1}` : ''
            return (
              <li key={f.id} data-testid="active-fault">
                <span>
                  #{f.id} {faultName(f.fault.kind)}
                  {cell} · since {formatSimTime(f.startedS)}
                  {f.endsS !== null && ` · until ${formatSimTime(f.endsS)}`}
                </span>
                <button
                  type="button"
                  className="button button--small"
                  disabled={pending !== undefined}
                  onClick={() =>
                    apply(
                      {
                        title: `Clear fault #${f.id}?`,
                        body: `${faultName(f.fault.kind)}${cell} stops now.`,
                        confirmLabel: 'Clear fault',
                      },
                      () => clearFault(f.id),
                    )
                  }
                >
                  Clear
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <OutcomeNote outcome={outcome} />
    </fieldset>
  )
}
