import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { formatChannel } from '../../app/format'
import { routeHref } from '../../app/route'
import { useTelemetry } from '../../store'
import { sparklinePoints } from './sparkline'

const SPARK_W = 120
const SPARK_H = 28
/** About 30 s of history at 10 Hz: enough to see a trend turn. */
const SPARK_SAMPLES = 300

const alarmLabels = { 'voltage-reversal': 'Reversal', 'substrate-depleted': 'Starved' } as const

/** One cell at a glance; a cell in alarm changes color and says why. The tile is a link to the cell. */
export function CellTile({ cell, revision }: { cell: number; revision: number }) {
  const sample = useTelemetry(
    useShallow((s) => {
      const c = s.latest?.cells[cell]
      return {
        voltageV: c?.voltageV,
        powerW: c?.powerW,
        substrateMgL: c?.substrateMgL,
        alarms: c?.alarms.join(' ') ?? '',
      }
    }),
  )
  // `revision` is the throttled redraw signal: the ring itself is mutated in place.
  const points = useMemo(
    () =>
      sparklinePoints(useTelemetry.getState().recent, { cell, channel: 'voltageV' }, SPARK_SAMPLES, SPARK_W, SPARK_H),
    // The rings live outside React: the revision is the signal that they changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cell, revision],
  )
  const alarms = sample.alarms === '' ? [] : (sample.alarms.split(' ') as (keyof typeof alarmLabels)[])
  return (
    <a
      className={`cell-tile${alarms.length > 0 ? ' cell-tile--alarm' : ''}`}
      href={routeHref({ page: 'cell', cell })}
      data-testid="cell-tile"
      data-alarm={alarms.length > 0}
    >
      <span className="cell-tile__name">
        Cell {cell + 1}
        {alarms.map((alarm) => (
          <span key={alarm} className="badge badge--bad cell-tile__alarm">
            {alarmLabels[alarm] ?? alarm}
          </span>
        ))}
      </span>
      <span className="cell-tile__voltage">{formatChannel('voltageV', sample.voltageV)}</span>
      <span className="cell-tile__detail">{formatChannel('powerW', sample.powerW)}</span>
      <span className="cell-tile__detail">{formatChannel('substrateMgL', sample.substrateMgL)}</span>
      <svg className="sparkline" viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" aria-hidden="true">
        <polyline points={points} />
      </svg>
    </a>
  )
}
