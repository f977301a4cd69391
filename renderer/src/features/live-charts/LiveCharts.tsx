import { useEffect, useState } from 'react'
import { loadWindowHistory, useTelemetry } from '../../store'
import { windowChoices } from '../../store/chart-window'
import { channels } from '../../store/frame-ring'
import { ChartPanel } from './ChartPanel'
import { downloadCsv } from './export'
import { newestTime, visibleRows } from './visible-rows'

/** Spreads the four charts' redraws over their 500 ms period. */
const REDRAW_PHASE_MS = 125

type Props = { /** A fixed cell (cell page), or undefined to let the operator choose stack or cell. */ cell?: number }

/** Voltage, current, power and substrate of the stack or one cell over a chosen window; pausable, exportable. */
export function LiveCharts({ cell: fixedCell }: Props) {
  // 24 h: at simulation speeds (600x by default) shorter windows hold only seconds of wall time.
  const [windowS, setWindowS] = useState<number>(86_400)
  const [chosenCell, setChosenCell] = useState<number | 'stack'>('stack')
  const [pausedAtS, setPausedAtS] = useState<number>()
  const cellCount = useTelemetry((s) => s.latest?.cells.length ?? 0)
  const hasData = useTelemetry((s) => s.latest !== undefined)
  const runId = useTelemetry((s) => s.runId)
  const [historyError, setHistoryError] = useState<string>()
  // A page opened mid-run has seen only the last few frames: the rest of the window comes from history.
  useEffect(() => {
    if (!hasData) return
    loadWindowHistory(windowS).then(
      () => setHistoryError(undefined),
      (error: unknown) => setHistoryError(error instanceof Error ? error.message : String(error)),
    )
  }, [windowS, runId, hasData])
  const source = fixedCell ?? chosenCell
  const prefix = source === 'stack' ? 'stack' : `cell${source}`
  const windowLabel = windowChoices.find((w) => w.seconds === windowS)?.label.replace(' ', '') ?? `${windowS}s`
  const fileStem = `mfc-${prefix}-${windowLabel}`

  const togglePause = () => setPausedAtS(pausedAtS === undefined ? newestTime() : undefined)
  // The export is what the charts show: the same window, frozen at the pause when paused.
  const exportCsv = () =>
    downloadCsv(
      visibleRows(
        channels.map((channel) => ({ cell: source, channel })),
        windowS,
        pausedAtS,
      ),
      prefix,
      `${fileStem}.csv`,
    )

  return (
    <section className="panel" aria-labelledby="charts-title">
      <div className="toolbar">
        <h2 id="charts-title">{source === 'stack' ? 'Stack' : `Cell ${source + 1}`}: live charts</h2>
        <label>
          Window{' '}
          <select value={windowS} onChange={(e) => setWindowS(Number(e.target.value))} data-testid="chart-window">
            {windowChoices.map((w) => (
              <option key={w.seconds} value={w.seconds}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {fixedCell === undefined && (
          <label>
            Show{' '}
            <select
              value={String(chosenCell)}
              onChange={(e) => setChosenCell(e.target.value === 'stack' ? 'stack' : Number(e.target.value))}
              data-testid="chart-source"
            >
              <option value="stack">Stack</option>
              {Array.from({ length: cellCount }, (_, i) => (
                <option key={i} value={i}>
                  Cell {i + 1}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="button"
          onClick={togglePause}
          aria-pressed={pausedAtS !== undefined}
          data-testid="chart-pause"
          disabled={!hasData}
        >
          {pausedAtS === undefined ? 'Pause' : 'Resume'}
        </button>
        <button type="button" className="button" onClick={exportCsv} disabled={!hasData} data-testid="chart-csv">
          CSV
        </button>
      </div>
      {historyError && (
        <p className="outcome outcome--bad" role="alert">
          Older data could not be loaded: {historyError}
        </p>
      )}
      <div className="chart-grid">
        {channels.map((channel, i) => (
          <ChartPanel
            key={channel}
            source={source}
            channel={channel}
            windowS={windowS}
            pausedAtS={pausedAtS}
            offsetMs={i * REDRAW_PHASE_MS}
            fileStem={fileStem}
          />
        ))}
      </div>
    </section>
  )
}
