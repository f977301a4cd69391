import { useEffect, useMemo, useState } from 'react'
import type { RunSummary } from '../../../../server/contract/telemetry'
import { routeHref } from '../../app/route'
import { formatDateTime } from '../../app/time-format'
import { readRunEvents, useConnection, useRunHistory, useRuns } from '../../store'
import { recordedMarks, type Annotation } from '../../store/annotations'
import type { RunHistoryEntry } from '../../store/run-history'
import { stackChannels, type SeriesRef } from '../../store/frame-ring'
import { historyRows, mergeRuns, requestedChannels } from './history-rows'
import { HistoryChart } from './HistoryChart'
import { SeriesPicker } from './SeriesPicker'

/** Points per series: the whole run in one chart width, downsampled by the station. */
const HISTORY_POINTS = 400

/** A recorded run's history for the chosen sources: nothing while it is read. */
function useRecordedRun(run: RunSummary | undefined, sources: readonly SeriesRef['cell'][]): RunHistoryEntry {
  const toS = run?.simTimeS ?? 0
  const cells = sources.filter((c): c is number => c !== 'stack')
  const key = run && toS > 0 ? `${run.runId}|${toS}|${cells.join(',')}|${sources.includes('stack')}` : undefined
  const entry = useRunHistory((s) => (key === undefined ? undefined : s.entries[key]))
  useEffect(() => {
    if (!run || key === undefined) return
    const channels = requestedChannels(sources, stackChannels)
    useRunHistory.getState().load(key, { runId: run.runId, from: 0, to: toS, channels, points: HISTORY_POINTS, cells })
    // `key` stands for the run, its length and the sources.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return entry ?? {}
}

/** The marks of a recorded run (faults, controller and run changes), read once per run. */
function useRecordedMarks(runId: string): Annotation[] {
  const [marks, setMarks] = useState<Annotation[]>([])
  useEffect(() => {
    let current = true
    void readRunEvents(runId).then((events) => current && setMarks(recordedMarks(events)))
    return () => {
      current = false
    }
  }, [runId])
  return marks
}

function RunChooser({
  runs,
  value,
  onChange,
}: {
  runs: readonly RunSummary[]
  value: string
  onChange(id: string): void
}) {
  return (
    <label>
      Compare with{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="history-compare">
        <option value="">no other run</option>
        {runs.map((r) => (
          <option key={r.runId} value={r.runId}>
            {r.name} ({formatDateTime(r.startedAt)})
          </option>
        ))}
      </select>
    </label>
  )
}

/** A recorded run in the same charts as the live data, optionally with a second run overlaid (dashed). */
export function HistoryViewer({ runId }: { runId: string }) {
  const runs = useRuns((s) => s.runs)
  const stationVersion = useConnection((s) => s.serverVersion)
  const [sources, setSources] = useState<SeriesRef['cell'][]>(['stack'])
  const [compareId, setCompareId] = useState('')
  useEffect(() => void useRuns.getState().refresh(), [])
  const run = runs.find((r) => r.runId === runId)
  const compare = runs.find((r) => r.runId === compareId)
  const a = useRecordedRun(run, sources)
  const b = useRecordedRun(compare, sources)
  const marks = useRecordedMarks(runId)
  const rows = useMemo(
    () => mergeRuns(a.history ? historyRows(a.history, 'a_') : [], b.history ? historyRows(b.history, 'b_') : []),
    [a.history, b.history],
  )
  const toS = Math.max(a.history?.toS ?? 0, b.history?.toS ?? 0, 1)
  return (
    <section className="panel" aria-labelledby="history-title" data-testid="history-viewer">
      <div className="toolbar">
        <h2 id="history-title">Recorded run: {run?.name ?? runId}</h2>
        <a href={routeHref({ page: 'runs' })}>All runs</a>
        <SeriesPicker cells={run?.cells ?? 0} chosen={sources} onChange={setSources} />
        <RunChooser runs={runs.filter((r) => r.runId !== runId)} value={compareId} onChange={setCompareId} />
      </div>
      {(a.error ?? b.error) && (
        <p className="outcome outcome--bad" role="alert">
          The recorded data could not be read: {a.error ?? b.error}
        </p>
      )}
      {!a.history && !a.error && <p className="muted">Reading the recorded run…</p>}
      <div className="chart-grid" data-testid="history-grid">
        {stackChannels.map((channel) => (
          <HistoryChart
            key={channel}
            channel={channel}
            rows={rows}
            sources={channel === 'loadOhm' || channel === 'feedLPerDay' ? ['stack'] : sources}
            runs={[run, compare]}
            domain={[0, toS]}
            meta={{ stationVersion, runId, runName: run?.name, fromS: 0, toS }}
            annotations={marks}
          />
        ))}
      </div>
    </section>
  )
}
