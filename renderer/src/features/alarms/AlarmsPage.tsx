import { useShallow } from 'zustand/react/shallow'
import { routeHref } from '../../app/route'
import { formatSimTime, formatWallTime } from '../../app/time-format'
import { useAlarms } from '../../store'
import { alarmNames, type AlarmActions, type AlarmEntry } from '../../store/alarms'
import { NotificationToggle } from './NotificationToggle'

/** How long a shelved alarm stays silent (ISA-18.2 shelving always expires). */
const SHELVE_MS = 3_600_000

/** Active first (high severity first), then the ones that returned to normal, newest first. */
function ordered(entries: Record<string, AlarmEntry>): AlarmEntry[] {
  const rank = (e: AlarmEntry) => (e.active ? 0 : 2) + (e.severity === 'high' ? 0 : 1)
  return Object.values(entries).sort((a, b) => rank(a) - rank(b) || b.lastAtMs - a.lastAtMs)
}

function AlarmRow({ entry, actions }: { entry: AlarmEntry; actions: AlarmActions }) {
  return (
    <tr data-testid="alarm-row" data-active={entry.active} data-severity={entry.severity}>
      <td>
        <span className={`badge badge--${entry.severity === 'high' ? 'bad' : 'warn'}`}>{entry.severity}</span>
      </td>
      <td>
        <a href={routeHref({ page: 'cell', cell: entry.cell })}>Cell {entry.cell + 1}</a>
      </td>
      <td>{alarmNames[entry.alarm]}</td>
      <td>{entry.active ? 'active' : 'returned to normal'}</td>
      <td>{formatWallTime(entry.firstAtMs)}</td>
      <td>
        {formatWallTime(entry.lastAtMs)}
        {entry.lastSimTimeS !== undefined && <span className="muted"> ({formatSimTime(entry.lastSimTimeS)})</span>}
      </td>
      <td data-testid="alarm-count">{entry.count}</td>
      {(actions.acknowledge || actions.shelve) && (
        <td>
          {actions.acknowledge && (
            <button type="button" className="button button--small" onClick={() => void actions.acknowledge?.(entry)}>
              Acknowledge
            </button>
          )}
          {actions.shelve && (
            <button
              type="button"
              className="button button--small"
              onClick={() => void actions.shelve?.(entry, Date.now() + SHELVE_MS)}
            >
              Shelve 1 h
            </button>
          )}
        </td>
      )}
    </tr>
  )
}

/** Acknowledge and shelve need the station's alarm module; until it exists the list offers neither. */
const stationAlarmActions: AlarmActions = {}

/** Every alarm of the current run: severity, first and last occurrence, how often it was raised. */
export function AlarmsPage() {
  const alarms = useAlarms(useShallow((s) => ordered(s.entries)))
  const withActions = stationAlarmActions.acknowledge !== undefined || stationAlarmActions.shelve !== undefined
  return (
    <section className="panel" aria-labelledby="alarms-title" data-testid="alarms">
      <h2 id="alarms-title">Alarms of this run</h2>
      <NotificationToggle />
      {alarms.length === 0 ? (
        <p className="muted">No alarm has been raised in this run.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Alarms, active first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Cell</th>
              <th scope="col">Alarm</th>
              <th scope="col">State</th>
              <th scope="col">First raised</th>
              <th scope="col">Last raised</th>
              <th scope="col">Times raised</th>
              {withActions && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {alarms.map((entry) => (
              <AlarmRow key={entry.key} entry={entry} actions={stationAlarmActions} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
