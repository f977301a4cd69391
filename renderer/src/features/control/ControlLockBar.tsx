import { OutcomeNote } from '../../app/OutcomeNote'
import { formatWallTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useCan, useSimulation } from '../../store'

const since = (iso: string) => formatWallTime(Date.parse(iso))

/** Exclusive control: one session or token changes the run at a time; others ask, admins may break it. */
export function ControlLockBar() {
  const lock = useSimulation((s) => s.lock)
  const lockAction = useSimulation((s) => s.lockAction)
  const isAdmin = useCan('security:manage')
  const { outcome, apply, run } = useChange()
  if (!lock) return null
  const holder = lock.holder
  return (
    <div
      className={`lock-bar${holder && !lock.mine ? ' lock-bar--other' : ''}`}
      data-testid="control-lock"
      data-state={holder ? (lock.mine ? 'mine' : 'other') : 'free'}
    >
      <span>
        {!holder
          ? 'Control is free: your first change takes it.'
          : lock.mine
            ? `You have control since ${since(holder.since)}.`
            : `${holder.name} has control since ${since(holder.since)}; your changes are refused.`}
        {lock.requests.length > 0 && ` Asking for control: ${lock.requests.map((r) => r.name).join(', ')}.`}
      </span>
      <span className="form-row">
        {!holder && (
          <button type="button" className="button button--small" onClick={() => void run(() => lockAction('acquire'))}>
            Take control
          </button>
        )}
        {lock.mine && (
          <button type="button" className="button button--small" onClick={() => void run(() => lockAction('release'))}>
            Release control
          </button>
        )}
        {holder && !lock.mine && (
          <button type="button" className="button button--small" onClick={() => void run(() => lockAction('request'))}>
            Ask for control
          </button>
        )}
        {holder && !lock.mine && isAdmin && (
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() =>
              void apply(
                {
                  title: `Take control away from ${holder.name}?`,
                  body: 'Their next change is refused; the break is audited.',
                  confirmLabel: 'Break lock',
                },
                () => lockAction('break'),
              )
            }
          >
            Break lock
          </button>
        )}
        <OutcomeNote outcome={outcome} />
      </span>
    </div>
  )
}
