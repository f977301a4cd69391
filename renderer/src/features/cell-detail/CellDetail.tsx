import { useShallow } from 'zustand/react/shallow'
import { channelDisplay, formatChannel } from '../../app/format'
import { alarmNames } from '../../store/alarms'
import type { CellAlarm } from '../../../../server/contract/simulation'
import { routeHref } from '../../app/route'
import { useTelemetry } from '../../store'
import { LiveCharts } from '../charts/LiveCharts'

/** One cell: its readings now, including the internal quantities the tile leaves out, and its charts. */
export function CellDetail({ cell }: { cell: number }) {
  const sample = useTelemetry(
    useShallow((s) => {
      const c = s.latest?.cells[cell]
      return (
        c && {
          voltageV: c.voltageV,
          currentA: c.currentA,
          powerW: c.powerW,
          substrateMgL: c.substrateMgL,
          anodeLossV: c.anodeLossV,
          internalOhm: c.internalOhm,
          alarms: c.alarms.join(', '),
        }
      )
    }),
  )
  const cells = useTelemetry((s) => s.latest?.cells.length)
  if (cells !== undefined && cell >= cells) {
    return (
      <section className="panel">
        <p>
          This stack has no cell {cell + 1}. <a href={routeHref({ page: 'overview' })}>Back to the overview</a>
        </p>
      </section>
    )
  }
  return (
    <>
      <section className="panel" aria-labelledby="cell-title" data-testid="cell-detail">
        <div className="toolbar">
          <h2 id="cell-title">Cell {cell + 1}</h2>
          <a href={routeHref({ page: 'overview' })}>All cells</a>
        </div>
        {sample ? (
          <dl className="summary">
            {(['voltageV', 'currentA', 'powerW', 'substrateMgL'] as const).map((ch) => (
              <div key={ch} className="summary__item">
                <dt>{channelDisplay[ch].label}</dt>
                <dd>{formatChannel(ch, sample[ch])}</dd>
              </div>
            ))}
            <div className="summary__item">
              <dt>Anode loss</dt>
              <dd>{sample.anodeLossV === undefined ? '–' : `${(sample.anodeLossV * 1000).toFixed(1)} mV`}</dd>
            </div>
            <div className="summary__item">
              <dt>Internal R</dt>
              <dd>{sample.internalOhm === undefined ? '–' : `${sample.internalOhm.toFixed(1)} Ω`}</dd>
            </div>
            <div className="summary__item">
              <dt>Alarms</dt>
              <dd className={sample.alarms ? 'text-bad' : undefined}>
                {sample.alarms
                  ? sample.alarms
                      .split(', ')
                      .map((a) => alarmNames[a as CellAlarm])
                      .join(', ')
                  : 'none'}
              </dd>
            </div>
          </dl>
        ) : (
          <p className="muted">Waiting for telemetry…</p>
        )}
      </section>
      <LiveCharts cell={cell} />
    </>
  )
}
