import { useState, type FormEvent } from 'react'
import type { Alarm } from '../../../../server/contract/alarms'
import { routeHref } from '../../app/route'
import { formatSimTime, formatWallTime } from '../../app/time-format'
import { useAlarms, useCan } from '../../store'

/** Shelving is always timed (ISA-18.2): at most a day, then the alarm returns by itself. */
const SHELVE_CHOICES = [15, 60, 240, 1440] as const

const stateText: Record<Alarm['state'], string> = {
  'active-unacked': 'active, not acknowledged',
  'active-acked': 'active, acknowledged',
  'cleared-unacked': 'cleared, not acknowledged',
}

/**
 * The closed form costs nothing: its fields mount when it is opened, so a page of 50 rows mounts 50 summaries
 * rather than 50 forms (docs/operator-ui.md "Pilot-scale stacks").
 */
function ShelveForm({ alarm }: { alarm: Alarm }) {
  const [open, setOpen] = useState(false)
  return (
    <details className="alarm-shelve" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Shelve…</summary>
      {open && <ShelveFields alarm={alarm} />}
    </details>
  )
}

function ShelveFields({ alarm }: { alarm: Alarm }) {
  const shelve = useAlarms((s) => s.shelve)
  const [minutes, setMinutes] = useState<number>(60)
  const [reason, setReason] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (reason.trim() !== '') void shelve(alarm.id, minutes, reason.trim())
  }
  return (
    <form className="form-row" onSubmit={submit} aria-label={`Shelve ${alarm.message}`}>
      <label>
        For
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {SHELVE_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} min` : `${m / 60} h`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button button--small" disabled={reason.trim() === ''}>
        Shelve
      </button>
    </form>
  )
}

function AlarmActions({ alarm }: { alarm: Alarm }) {
  const acknowledge = useAlarms((s) => s.acknowledge)
  const unshelve = useAlarms((s) => s.unshelve)
  return (
    <td>
      {alarm.state !== 'active-acked' && (
        <button type="button" className="button button--small" onClick={() => void acknowledge(alarm.id)}>
          Acknowledge
        </button>
      )}
      {alarm.shelved ? (
        <button type="button" className="button button--small" onClick={() => void unshelve(alarm.id)}>
          Unshelve
        </button>
      ) : (
        <ShelveForm alarm={alarm} />
      )}
    </td>
  )
}

/** One alarm of the active list: what, how urgent, since when, how often, who saw it. */
export function AlarmRow({ alarm }: { alarm: Alarm }) {
  const canManage = useCan('alarms:manage')
  const { lastRaised } = alarm
  return (
    <tr data-testid="alarm-row" data-state={alarm.state} data-severity={alarm.severity}>
      <td>
        <span className={`badge badge--${alarm.severity === 'low' ? 'warn' : 'bad'}`}>{alarm.severity}</span>
      </td>
      <td>
        {alarm.cell === undefined ? (
          '—'
        ) : (
          <a href={routeHref({ page: 'cell', cell: alarm.cell - 1 })}>Cell {alarm.cell}</a>
        )}
      </td>
      <td>{alarm.message}</td>
      <td data-testid="alarm-state">
        {stateText[alarm.state]}
        {alarm.acknowledged && <span className="muted"> by {alarm.acknowledged.by}</span>}
        {alarm.shelved && (
          <span className="muted">
            {' '}
            · shelved{Number.isFinite(alarm.shelved.untilMs) && ` until ${formatWallTime(alarm.shelved.untilMs)}`}
          </span>
        )}
      </td>
      <td>{formatWallTime(alarm.firstRaised.wallTimeMs)}</td>
      <td>
        {formatWallTime(lastRaised.wallTimeMs)}
        {lastRaised.simTimeS !== null && <span className="muted"> ({formatSimTime(lastRaised.simTimeS)})</span>}
      </td>
      <td data-testid="alarm-count">{alarm.occurrences}</td>
      {canManage && <AlarmActions alarm={alarm} />}
    </tr>
  )
}
