import { memo, useEffect, useMemo, useState } from 'react'
import { loadWindowHistory, useChartClock, useConnection, useSimulation, useTelemetry } from '../../store'
import { cellChannels, type Channel, type SeriesRef } from '../../store/frame-ring'
import { useFreshness } from '../../app/use-freshness'
import { StaleNote } from '../status/StaleNote'
import { ChartToolbar, type Layout } from './ChartToolbar'
import { LiveChart } from './LiveChart'
import { newestTime } from './visible-rows'
import { channelDisplay } from '../../app/format'

/** Every chart of the page redraws the shared range twice a second, each in its own task. */
const REDRAW_MS = 500
/** Between two charts' redraws: the page shows one range again within a fifth of a second of each tick. */
const STAGGER_MS = 35
/** The commanded load and feed: stack quantities, charted for the stack whatever cells are chosen. */
const STACK_CHANNELS: readonly Channel[] = ['loadOhm', 'feedLPerDay']
const STACK_ONLY: readonly SeriesRef['cell'][] = ['stack']

/** Advances the page's one time range on one clock (docs/operator-ui.md "Charts"). */
function useChartTicker(): void {
  useEffect(() => {
    const tick = () => useChartClock.getState().tick(newestTime(), useTelemetry.getState().revision)
    tick()
    const timer = setInterval(tick, REDRAW_MS)
    return () => clearInterval(timer)
  }, [])
}

/** A page opened mid-run has seen only the last few frames: the rest of the window comes from history. */
function useWindowHistory(sources: readonly SeriesRef['cell'][]): string | undefined {
  const windowS = useChartClock((s) => s.windowS)
  const hasData = useTelemetry((s) => s.latest !== undefined)
  const runId = useTelemetry((s) => s.runId)
  const [error, setError] = useState<string>()
  const cells = sources.filter((c): c is number => c !== 'stack').join(',')
  useEffect(() => {
    if (!hasData) return
    const charted = cells === '' ? [] : cells.split(',').map(Number)
    loadWindowHistory(windowS, charted).then(
      () => setError(undefined),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    )
  }, [windowS, runId, hasData, cells])
  return error
}

type Props = { /** A fixed cell (cell page), or undefined to let the operator choose stack and cells. */ cell?: number }

/** Live charts of the stack or chosen cells over one shared range: overlay or small multiples, pausable, exportable. */
// memo: the cell page re-renders with every frame of its cell; the charts follow their own clock.
export const LiveCharts = memo(function LiveCharts({ cell: fixedCell }: Props) {
  const [chosen, setChosen] = useState<SeriesRef['cell'][]>(['stack'])
  const [layout, setLayout] = useState<Layout>({ kind: 'overlay' })
  const sources = useMemo(() => (fixedCell === undefined ? chosen : [fixedCell]), [fixedCell, chosen])
  const historyError = useWindowHistory(sources)
  const freshness = useFreshness()
  useChartTicker()
  const stationVersion = useConnection((s) => s.serverVersion)
  const runId = useTelemetry((s) => s.runId)
  const runName = useSimulation((s) => s.status?.name)
  const meta = useMemo(() => ({ stationVersion, runId, runName }), [stationVersion, runId, runName])
  const title = fixedCell === undefined ? 'Charts' : `Cell ${fixedCell + 1}: charts`
  const multiples = layout.kind === 'multiples' ? layout.channel : undefined
  const charts = useMemo(
    (): Array<{ channel: Channel; sources: readonly SeriesRef['cell'][] }> => [
      ...cellChannels.map((channel) => ({ channel, sources })),
      ...STACK_CHANNELS.map((channel) => ({ channel, sources: STACK_ONLY })),
    ],
    [sources],
  )
  return (
    <section className="panel" aria-labelledby="charts-title">
      <ChartToolbar
        title={title}
        cells={useTelemetry((s) => s.latest?.cells.length ?? 0)}
        chosen={fixedCell === undefined ? chosen : undefined}
        onChoose={setChosen}
        layout={layout}
        onLayout={setLayout}
        sources={sources}
        meta={meta}
      />
      <StaleNote freshness={freshness} />
      {historyError && (
        <p className="outcome outcome--bad" role="alert">
          Older data could not be loaded: {historyError}
        </p>
      )}
      <div className={`chart-grid${freshness.stale ? ' is-stale' : ''}`} data-testid="chart-grid">
        {multiples
          ? sources.map((source, i) => (
              <LiveChart
                key={String(source)}
                channel={multiples}
                sources={[source]}
                shareYWith={sources}
                delayMs={i * STAGGER_MS}
                meta={meta}
                testId={`chart-${multiples}-${String(source)}`}
                small
                title={`${source === 'stack' ? 'Stack' : `Cell ${source + 1}`}: ${channelDisplay[multiples].label}`}
              />
            ))
          : charts.map((chart, i) => (
              <LiveChart
                key={chart.channel}
                channel={chart.channel}
                sources={chart.sources}
                delayMs={i * STAGGER_MS}
                meta={meta}
                testId={`chart-${chart.channel}`}
              />
            ))}
      </div>
    </section>
  )
})
