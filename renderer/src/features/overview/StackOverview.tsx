import { useShallow } from 'zustand/react/shallow'
import { formatChannel } from '../../app/format'
import { useThrottledRevision } from '../../app/use-throttled-revision'
import { useTelemetry } from '../../store'
import { EventLog } from '../event-log/EventLog'
import { CellTile } from './CellTile'

function StackSummary() {
  const stack = useTelemetry(
    useShallow((s) => {
      const k = s.latest?.stack
      return {
        voltageV: k?.voltageV,
        currentA: k?.currentA,
        powerW: k?.powerW,
        loadOhm: k?.loadOhm,
        loadConnected: k?.loadConnected,
        feed: k?.feedLPerDay,
        temperatureK: k?.temperatureK,
      }
    }),
  )
  const items: Array<[string, string]> = [
    ['Voltage', formatChannel('voltageV', stack.voltageV)],
    ['Current', formatChannel('currentA', stack.currentA)],
    ['Power', formatChannel('powerW', stack.powerW)],
    [
      'Load',
      stack.loadConnected === false
        ? 'disconnected'
        : stack.loadOhm === undefined
          ? '–'
          : `${stack.loadOhm.toFixed(0)} Ω`,
    ],
    ['Feed', stack.feed === undefined ? '–' : `${stack.feed.toFixed(3)} L/d`],
    ['Temperature', stack.temperatureK === undefined ? '–' : `${(stack.temperatureK - 273.15).toFixed(1)} °C`],
  ]
  return (
    <dl className="summary" data-testid="stack-summary">
      {items.map(([label, value]) => (
        <div key={label} className="summary__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The stack's totals, a tile per cell, and what just happened. */
export function StackOverview() {
  const cells = useTelemetry((s) => s.latest?.cells.length ?? 0)
  // Sparklines redraw twice a second: smooth enough to read, cheap for 16 cells.
  const revision = useThrottledRevision(500)
  return (
    <div className="overview">
      <section className="panel overview__stack" aria-labelledby="stack-title">
        <h2 id="stack-title">Stack</h2>
        <StackSummary />
        {cells === 0 ? (
          <p className="muted">Waiting for telemetry…</p>
        ) : (
          <div className="cell-grid" data-testid="cell-grid">
            {Array.from({ length: cells }, (_, cell) => (
              <CellTile key={cell} cell={cell} revision={revision} />
            ))}
          </div>
        )}
      </section>
      <EventLog />
    </div>
  )
}
