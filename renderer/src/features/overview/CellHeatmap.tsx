import { useMemo, useState } from 'react'
import { formatChannel } from '../../app/format'
import { routeHref } from '../../app/route'
import { useThrottledRevision } from '../../app/use-throttled-revision'
import { useSimulation, useTelemetry } from '../../store'
import { attentionCells, heatmap, type HeatCell, type HeatMetric } from './heatmap'

/** Two redraws a second: a colour change is seen at once, 256 squares cost one short task. */
const REDRAW_MS = 500
/** Attention list length: beyond this an operator opens the alarm page. */
const ATTENTION_SHOWN = 24

function Square({ cell, metric }: { cell: HeatCell; metric: HeatMetric }) {
  const text = `Cell ${cell.cell + 1}: ${formatChannel(metric, cell.value)}${cell.alarm ? ', in alarm' : ''}${cell.outlier ? ', outlier' : ''}`
  return (
    <a
      className={`heat heat--${cell.level}${cell.alarm ? ' heat--alarm' : ''}${cell.outlier ? ' heat--outlier' : ''}`}
      href={routeHref({ page: 'cell', cell: cell.cell })}
      aria-label={text}
      title={text}
      data-testid="heat-cell"
      data-alarm={cell.alarm}
    >
      {cell.cell + 1}
    </a>
  )
}

/** A pilot-scale stack at a glance: one square per cell, grouped by string or module, alarms and outliers first. */
export function CellHeatmap() {
  const [metric, setMetric] = useState<HeatMetric>('voltageV')
  const revision = useThrottledRevision(REDRAW_MS)
  const cellsPerString = useSimulation((s) => {
    const value = (s.config?.stack as Record<string, unknown> | undefined)?.['cellsPerString']
    return typeof value === 'number' ? value : undefined
  })
  const groups = useMemo(
    () => {
      const latest = useTelemetry.getState().latest
      return latest ? heatmap(latest, metric, cellsPerString) : []
    },
    // The frame is read at the throttled revision, not on every frame.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [revision, metric, cellsPerString],
  )
  const attention = attentionCells(groups)
  return (
    <div className="heatmap" data-testid="heatmap">
      <div className="toolbar">
        <label>
          Colour by{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as HeatMetric)} data-testid="heat-metric">
            <option value="voltageV">voltage</option>
            <option value="powerW">power</option>
          </select>
        </label>
        <span className="heat-legend" aria-hidden="true">
          low <span className="heat-legend__scale" /> high
        </span>
      </div>
      <h3>Needs attention ({attention.length})</h3>
      {attention.length === 0 ? (
        <p className="muted">No cell in alarm, no outlier beyond 2 standard deviations.</p>
      ) : (
        <div className="heat-row" data-testid="heat-attention">
          {attention.slice(0, ATTENTION_SHOWN).map((c) => (
            <Square key={c.cell} cell={c} metric={metric} />
          ))}
        </div>
      )}
      {groups.map((group) => (
        <div key={group.label} className="heat-group">
          <h3 className="heat-group__label">{group.label}</h3>
          <div className="heat-row">
            {group.cells.map((c) => (
              <Square key={c.cell} cell={c} metric={metric} />
            ))}
          </div>
        </div>
      ))}
    </div>
  )
}
