import { useShallow } from 'zustand/react/shallow'
import { formatCelsius, formatChannel } from '../../app/format'
import { useTelemetry } from '../../store'

/**
 * The stack's totals. The frame carries the commanded load and feed, not measured ones (a failed
 * pump still reads as its setpoint), so they are labelled as commanded (docs/operator-ui.md "Overview").
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
        loadConnected: k?.loadConnected,
        feed: k?.feedLPerDay,
        temperatureK: k?.temperatureK,
      }
    }),
  )
  const items: Array<[string, string, string]> = [
    ['Voltage', formatChannel('voltageV', stack.voltageV), 'voltage'],
    ['Current', formatChannel('currentA', stack.currentA), 'current'],
    ['Power', formatChannel('powerW', stack.powerW), 'power'],
    ['Load R_ext (commanded)', formatChannel('loadOhm', stack.loadOhm), 'load'],
    [
      'Load circuit',
      stack.loadConnected === undefined ? '–' : stack.loadConnected ? 'connected' : 'disconnected',
      'load-circuit',
    ],
    ['Feed (commanded)', formatChannel('feedLPerDay', stack.feed), 'feed'],
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
