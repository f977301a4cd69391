import { useEffect, useState } from 'react'
import type { LabMetricValue } from '../../../../server/contract/lab-metrics'
import { useLabMetrics } from '../../store'
import { CellGeometryEditor } from './CellGeometryEditor'
import { MetricDefinition } from './MetricDefinition'

/** The figures are integrals over the recorded run: every 5 s is fresh enough, and cheap for the station. */
export const LAB_METRICS_REFRESH_MS = 5000

/** A figure with 4 significant digits, or n/a with the reason it has none. */
function Figure({ value }: { value: LabMetricValue | undefined }) {
  if (!value) return <span className="muted">–</span>
  if (value.value === null)
    return (
      <span className="muted">
        n/a <span className="metric-reason">({value.reason})</span>
      </span>
    )
  return <>{Number(value.value.toPrecision(4)).toString()}</>
}

/**
 * The lab metrics of the current run (docs/operator-ui.md "Lab metrics"): the figures MFC papers report,
 * for the stack and one chosen cell, each name with its definition on hover and focus.
 */
export function LabMetricsPanel() {
  const metrics = useLabMetrics((s) => s.metrics)
  const readError = useLabMetrics((s) => s.readError)
  const [cell, setCell] = useState(1)
  useEffect(() => {
    void useLabMetrics.getState().refresh()
    const timer = setInterval(() => void useLabMetrics.getState().refresh(), LAB_METRICS_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  const cellRow = metrics?.cells.find((row) => row.cell === cell)
  return (
    <section className="panel lab-metrics" aria-labelledby="lab-metrics-title" data-testid="lab-metrics">
      <h2 id="lab-metrics-title">Lab metrics</h2>
      {readError && !metrics && <p className="muted">No lab metrics yet: {readError}</p>}
      {metrics && (
        <>
          <p className="muted">
            Over {Math.round(metrics.coveredS)} s of the run ({metrics.source}), from {metrics.basis} frames.
          </p>
          <label className="lab-metrics__cell">
            Cell{' '}
            <select value={cell} onChange={(event) => setCell(Number(event.target.value))}>
              {metrics.cells.map((row) => (
                <option key={row.cell} value={row.cell ?? 0}>
                  Cell {row.cell}
                </option>
              ))}
            </select>
          </label>
          <table className="table lab-metrics__table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Stack</th>
                <th scope="col">Cell {cell}</th>
              </tr>
            </thead>
            <tbody>
              {metrics.definitions.map((definition) => (
                <tr key={definition.id} data-testid={`lab-metric-${definition.id}`}>
                  <th scope="row">
                    <MetricDefinition {...definition} />
                  </th>
                  <td data-testid="lab-metric-stack">
                    <Figure value={metrics.stack.values[definition.id]} />
                  </td>
                  <td data-testid="lab-metric-cell">
                    <Figure value={cellRow?.values[definition.id]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {metrics.source === 'hardware' && metrics.runId !== '' && <CellGeometryEditor runId={metrics.runId} />}
        </>
      )}
    </section>
  )
}
