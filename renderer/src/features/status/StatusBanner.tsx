import { useShallow } from 'zustand/react/shallow'
import { routeHref } from '../../app/route'
import { formatSimTime } from '../../app/time-format'
import { useAlarms, useCan, useInterlocks, useSimulation } from '../../store'
import { isActive, ordered } from '../../store/alarms'
import { notArmed } from '../../store/interlocks'
import { faultName } from '../../store/names'

/** A fault's target in words: "cell 2", or the whole stack. */
function faultTarget(fault: { kind: string } & Record<string, unknown>): string {
  return typeof fault['cell'] === 'number' ? `cell ${fault['cell'] + 1}` : 'stack'
}

function FaultItems() {
  const faults = useSimulation((s) => s.status?.activeFaults)
  if (!faults || faults.length === 0) return null
  return (
    <p className="banner__line banner__line--fault" data-testid="banner-faults">
      <strong>
        {faults.length} active fault{faults.length === 1 ? '' : 's'}:
      </strong>{' '}
      {faults.map((f, i) => (
        <span key={f.id} data-testid="banner-fault">
          {i > 0 && '; '}
          {faultName(f.fault.kind)} ({faultTarget(f.fault)}) since {formatSimTime(f.startedS)}
        </span>
      ))}
    </p>
  )
}

function AlarmItems() {
  const alarms = useAlarms(useShallow((s) => ordered(s.alarms).filter(isActive)))
  if (alarms.length === 0) return null
  return (
    <p className="banner__line banner__line--alarm" data-testid="banner-alarms">
      <strong>
        {alarms.length} active alarm{alarms.length === 1 ? '' : 's'}:
      </strong>{' '}
      {alarms.slice(0, 6).map((a, i) => (
        <span key={a.id}>
          {i > 0 && '; '}
          {a.cell === undefined ? a.message : <a href={routeHref({ page: 'cell', cell: a.cell - 1 })}>{a.message}</a>} (
          {a.severity})
        </span>
      ))}
      {alarms.length > 6 && `; and ${alarms.length - 6} more`} <a href={routeHref({ page: 'alarms' })}>All alarms</a>
    </p>
  )
}

const interlockWords = { tripped: 'tripped', 'awaiting-acknowledge': 'cleared, waiting for acknowledgement' } as const

/** Interlocks acting on the stack or waiting for an operator (docs/control.md "Interlocks"), with who acknowledged. */
function InterlockItems() {
  const interlocks = useInterlocks(useShallow((s) => notArmed(s.interlocks)))
  const acknowledge = useInterlocks((s) => s.acknowledge)
  const canOperate = useCan('instruments:operate')
  if (interlocks.length === 0) return null
  return (
    <div className="banner__line banner__line--alarm" data-testid="banner-interlocks" role="alert">
      {interlocks.map((i) => (
        <p key={i.id} data-testid="banner-interlock">
          <strong>
            Interlock {i.id} {i.state === 'armed' ? '' : interlockWords[i.state]}
          </strong>{' '}
          since {new Date(i.sinceMs).toLocaleTimeString()}: {i.message}
          {i.cause ? ` (${i.cause})` : ''}
          {i.acknowledgedBy ? `; acknowledged by ${i.acknowledgedBy}` : ''}{' '}
          {canOperate && i.acknowledgedBy === null && (
            <button type="button" onClick={() => void acknowledge(i.id)}>
              Acknowledge {i.id}
            </button>
          )}
        </p>
      ))}
    </div>
  )
}

/** On every page: the interlocks acting, the faults in effect and the alarms active now, or that there are none. */
export function StatusBanner() {
  const faults = useSimulation((s) => s.status?.activeFaults.length ?? 0)
  const alarms = useAlarms((s) => Object.values(s.alarms).some(isActive))
  const interlocks = useInterlocks((s) => notArmed(s.interlocks).length)
  const clear = faults === 0 && !alarms && interlocks === 0
  return (
    <section
      className={`banner${clear ? ' banner--clear' : ''}`}
      aria-label="Active faults and alarms"
      data-testid="status-banner"
      data-clear={clear}
    >
      {clear ? (
        <p className="banner__line">No active faults or alarms.</p>
      ) : (
        <>
          <InterlockItems />
          <FaultItems />
          <AlarmItems />
        </>
      )}
    </section>
  )
}
