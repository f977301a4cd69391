import { useShallow } from 'zustand/react/shallow'
import { useAlarms, useCan } from '../../store'
import { ordered } from '../../store/alarms'
import { AlarmRow } from './AlarmRow'
import { NotificationToggle } from './NotificationToggle'

/**
 * The station's active alarms (docs/operator-ui.md "Alarms"): active first, most severe first; each stays
 * until it is both cleared and acknowledged. Operators acknowledge and shelve here.
 */
export function AlarmsPage() {
  const alarms = useAlarms(useShallow((s) => ordered(s.alarms)))
  const canManage = useCan('alarms:manage')
  return (
    <section className="panel" aria-labelledby="alarms-title" data-testid="alarms">
      <h2 id="alarms-title">Alarms</h2>
      <NotificationToggle />
      {alarms.length === 0 ? (
        <p className="muted">No alarm is active or waiting for an acknowledgement.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Alarms, active and most severe first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Cell</th>
              <th scope="col">Alarm</th>
              <th scope="col">State</th>
              <th scope="col">First raised</th>
              <th scope="col">Last raised</th>
              <th scope="col">Times raised</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {alarms.map((alarm) => (
              <AlarmRow key={alarm.id} alarm={alarm} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
