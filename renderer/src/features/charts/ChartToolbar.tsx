import { useChartClock, useLabMetrics } from '../../store'
import { chartRange } from '../../store/chart-clock'
import { cellChannels, stackChannels, type CellChannel, type SeriesRef } from '../../store/frame-ring'
import { channelDisplay } from '../../app/format'
import { downloadCsv, exportFilename, type ChartMeta } from './export'
import { SeriesPicker } from './SeriesPicker'
import { newestTime, visibleRows } from './visible-rows'
import { WindowChooser } from './WindowChooser'

/** Overlay: every chosen source on each channel's chart, with a legend; multiples: one small chart per source. */
export type Layout = { kind: 'overlay' } | { kind: 'multiples'; channel: CellChannel }

function LayoutChooser({ layout, onLayout }: { layout: Layout; onLayout(next: Layout): void }) {
  return (
    <label>
      Layout{' '}
      <select
        data-testid="chart-layout"
        value={layout.kind === 'overlay' ? 'overlay' : layout.channel}
        onChange={(e) =>
          onLayout(
            e.target.value === 'overlay'
              ? { kind: 'overlay' }
              : { kind: 'multiples', channel: e.target.value as CellChannel },
          )
        }
      >
        <option value="overlay">Overlay on each chart</option>
        {cellChannels.map((c) => (
          <option key={c} value={c}>
            Small multiples: {channelDisplay[c].label.toLowerCase()}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * The export is what the charts show: the same range and sources, frozen at the pause when paused; the
 * run's lab metrics, read now, go in its header.
 */
async function exportCsv(sources: readonly SeriesRef['cell'][], chartMeta: Omit<ChartMeta, 'fromS' | 'toS'>) {
  const range = chartRange(useChartClock.getState())
  if (!range) return
  await useLabMetrics.getState().refresh()
  const meta = { ...chartMeta, labMetrics: useLabMetrics.getState().metrics }
  const series: SeriesRef[] = [
    ...sources.flatMap((cell) => cellChannels.map((channel): SeriesRef => ({ cell, channel }))),
    ...stackChannels
      .filter((c) => c === 'loadOhm' || c === 'feedLPerDay')
      .map((channel): SeriesRef => ({ cell: 'stack', channel })),
  ]
  const full = { ...meta, fromS: range[0], toS: range[1] }
  downloadCsv(visibleRows(series, range), series, full, exportFilename(meta, 'charts', 'csv'))
}

/** Title, window, sources, layout, pause and CSV: everything that shapes the page's charts. */
export function ChartToolbar(props: {
  title: string
  cells: number
  /** The chosen sources, or undefined on a page with one fixed cell. */
  chosen: readonly SeriesRef['cell'][] | undefined
  onChoose(next: SeriesRef['cell'][]): void
  layout: Layout
  onLayout(next: Layout): void
  sources: readonly SeriesRef['cell'][]
  meta: Omit<ChartMeta, 'fromS' | 'toS'>
}) {
  const windowS = useChartClock((s) => s.windowS)
  const paused = useChartClock((s) => s.pausedAtS !== undefined)
  const hasData = useChartClock((s) => s.endS !== undefined)
  return (
    <div className="toolbar">
      <h2 id="charts-title">{props.title}</h2>
      <WindowChooser windowS={windowS} onChange={(seconds) => useChartClock.getState().setWindow(seconds)} />
      {props.chosen && <SeriesPicker cells={props.cells} chosen={props.chosen} onChange={props.onChoose} />}
      {props.chosen && <LayoutChooser layout={props.layout} onLayout={props.onLayout} />}
      <button
        type="button"
        className="button"
        onClick={() => useChartClock.getState().togglePause(newestTime())}
        aria-pressed={paused}
        data-testid="chart-pause"
        disabled={!hasData}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void exportCsv(props.sources, props.meta)}
        disabled={!hasData}
        data-testid="chart-csv"
      >
        CSV
      </button>
    </div>
  )
}
