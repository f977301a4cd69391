import { useShallow } from 'zustand/react/shallow'
import { formatCelsius, formatChannel } from '../../app/format'
import { useTelemetry } from '../../store'

/** "open circuit" for a disconnected load (it has no actual resistance), else the value. */
function actualLoad(loadActualOhm: number | undefined, loadConnected: boolean | undefined): string {
  return loadConnected === false ? 'open circuit' : formatChannel('loadOhm', loadActualOhm)
}

/**
 * The stack's totals, load and feed as commanded and actual side by side: a failed pump's feed is
 * actually 0 whatever its setpoint (docs/operator-ui.md "Truthful state").
 */
export function StackSummary() {
  const stack = useTelemetry(
    useShallow((s) => {
      const k = s.latest?.stack
      return {
        voltageV: k?.voltageV,
        currentA: k?.currentA,
        powerW: k?.powerW,
        loadOhm: k?.loadOhm,
        loadActualOhm: k?.loadActualOhm,
        loadConnected: k?.loadConnected,
        feed: k?.feedLPerDay,
        feedActual: k?.feedActualLPerDay,
        temperatureK: k?.temperatureK,
      }
    }),
  )
  const items: Array<[string, string, string]> = [
    ['Voltage', formatChannel('voltageV', stack.voltageV), 'voltage'],
    ['Current', formatChannel('currentA', stack.currentA), 'current'],
    ['Power', formatChannel('powerW', stack.powerW), 'power'],
    ['Load R_ext (commanded)', formatChannel('loadOhm', stack.loadOhm), 'load'],
    ['Load R_ext (actual)', actualLoad(stack.loadActualOhm, stack.loadConnected), 'load-actual'],
    [
      'Load circuit',
      stack.loadConnected === undefined ? '–' : stack.loadConnected ? 'connected' : 'disconnected',
      'load-circuit',
    ],
    ['Feed (commanded)', formatChannel('feedLPerDay', stack.feed), 'feed'],
    ['Feed (actual)', formatChannel('feedLPerDay', stack.feedActual), 'feed-actual'],
    ['Temperature', formatCelsius(stack.temperatureK), 'temperature'],
  ]
  return (
    <dl className="summary" data-testid="stack-summary">
      {items.map(([label, value, id]) => (
        <div key={label} className="summary__item">
          <dt>{label}</dt>
          <dd data-testid={`summary-${id}`}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
