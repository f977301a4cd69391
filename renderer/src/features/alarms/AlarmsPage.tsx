import { memo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAlarms, useCan } from '../../store'
import { ordered } from '../../store/alarms'
import { ALARMS_PER_PAGE, AlarmPager } from './AlarmPager'
import { AlarmRow } from './AlarmRow'
import { NotificationToggle } from './NotificationToggle'

/**
 * One row, subscribed to its own alarm: it renders again only when that alarm changed, whatever else in the
 * list did (docs/operator-ui.md "Pilot-scale stacks").
 */
const ListedAlarm = memo(function ListedAlarm({ id }: { id: string }) {
  const alarm = useAlarms((s) => s.alarms[id])
  return alarm ? <AlarmRow alarm={alarm} /> : null
})

/**
 * The station's active alarms (docs/operator-ui.md "Alarms"): active first, most severe first; each stays
 * until it is both cleared and acknowledged. Operators acknowledge and shelve here. The page itself renders
 * again only when the order of the list changes; a long list is shown a page at a time.
 */
export function AlarmsPage() {
  const ids = useAlarms(useShallow((s) => ordered(s.alarms).map((alarm) => alarm.id)))
  const canManage = useCan('alarms:manage')
  const [page, setPage] = useState(0)
  const lastPage = Math.max(0, Math.ceil(ids.length / ALARMS_PER_PAGE) - 1)
  const shown = Math.min(page, lastPage)
  return (
    <section className="panel" aria-labelledby="alarms-title" data-testid="alarms">
      <h2 id="alarms-title">Alarms</h2>
      <NotificationToggle />
      {ids.length === 0 ? (
        <p className="muted">No alarm is active or waiting for an acknowledgement.</p>
      ) : (
        <>
          <AlarmPager page={shown} total={ids.length} onPage={setPage} />
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
              {ids.slice(shown * ALARMS_PER_PAGE, (shown + 1) * ALARMS_PER_PAGE).map((id) => (
                <ListedAlarm key={id} id={id} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
