import { useThrottledRevision } from '../../app/use-throttled-revision'
import { useFreshness } from '../../app/use-freshness'
import { useTelemetry } from '../../store'
import { EventLog } from '../event-log/EventLog'
import { LabMetricsPanel } from '../lab-metrics/LabMetricsPanel'
import { StaleNote } from '../status/StaleNote'
import { CellHeatmap } from './CellHeatmap'
import { CellTile } from './CellTile'
import { HEATMAP_ABOVE_CELLS } from './heatmap'
import { StackSummary } from './StackSummary'

/** A tile per cell with a sparkline, for stacks that fit a screen. */
function CellTiles({ cells }: { cells: number }) {
  // Sparklines redraw twice a second: smooth enough to read, cheap for 24 cells.
  const revision = useThrottledRevision(500)
  return (
    <div className="cell-grid" data-testid="cell-grid">
      {Array.from({ length: cells }, (_, cell) => (
        <CellTile key={cell} cell={cell} revision={revision} />
      ))}
    </div>
  )
}

/** The stack's totals, its cells (tiles, or a heatmap for pilot-scale stacks), and what just happened. */
export function StackOverview() {
  const cells = useTelemetry((s) => s.latest?.cells.length ?? 0)
  const freshness = useFreshness()
  return (
    <div className="overview">
      <section className="panel overview__stack" aria-labelledby="stack-title">
        <h2 id="stack-title">Stack</h2>
        <StaleNote freshness={freshness} />
        <div
          className={freshness.stale ? 'is-stale' : undefined}
          data-testid="overview-values"
          data-stale={freshness.stale}
        >
          <StackSummary />
          {cells === 0 ? (
            <p className="muted">Waiting for telemetry…</p>
          ) : cells > HEATMAP_ABOVE_CELLS ? (
            <CellHeatmap />
          ) : (
            <CellTiles cells={cells} />
          )}
        </div>
      </section>
      <EventLog />
      <LabMetricsPanel />
    </div>
  )
}
