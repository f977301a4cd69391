import { useMemo, useState } from 'react'
import { useThrottledRevision } from '../../app/use-throttled-revision'
import { useTelemetry } from '../../store'
import { pickRing, seriesKey, windowChoices, windowRows } from '../../store/chart-window'
import { channels } from '../../store/frame-ring'
import { ChartPanel } from './ChartPanel'
import { downloadCsv } from './export'

/** Live charts redraw twice a second: the eye cannot follow faster, and four recharts SVGs cost a lot. */
const REDRAW_MS = 500

type Props = { /** A fixed cell (cell page), or undefined to let the operator choose stack or cell. */ cell?: number }

/** Voltage, current, power and substrate of the stack or one cell over a chosen window; pausable, exportable. */
export function LiveCharts({ cell: fixedCell }: Props) {
  const [windowS, setWindowS] = useState<number>(600)
  const [chosenCell, setChosenCell] = useState<number | 'stack'>('stack')
  const [pausedAtS, setPausedAtS] = useState<number>()
  const cellCount = useTelemetry((s) => s.latest?.cells.length ?? 0)
  const revision = useThrottledRevision(REDRAW_MS)
  const source = fixedCell ?? chosenCell
  const prefix = source === 'stack' ? 'stack' : `cell${source}`

  // Paused: `revision` is left out so the view stays frozen while the rings keep filling.
  const liveRevision = pausedAtS === undefined ? revision : -1
  const rows = useMemo(() => {
    const { recent, archive } = useTelemetry.getState()
    const ring = pickRing(recent, archive, windowS)
    if (ring.length === 0) return []
    const end = pausedAtS ?? ring.timeAt(ring.length - 1)
    return windowRows(ring, channels.map((channel) => ({ cell: source, channel })), windowS, end)
  }, [liveRevision, windowS, source, pausedAtS])

  const togglePause = () => setPausedAtS(pausedAtS === undefined ? (rows.at(-1)?.t ?? 0) : undefined)
  const windowLabel = windowChoices.find((w) => w.seconds === windowS)?.label.replace(' ', '') ?? `${windowS}s`
  const fileStem = `mfc-${prefix}-${windowLabel}`

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
            <select value={String(chosenCell)} onChange={(e) => setChosenCell(e.target.value === 'stack' ? 'stack' : Number(e.target.value))} data-testid="chart-source">
              <option value="stack">Stack</option>
              {Array.from({ length: cellCount }, (_, i) => (
                <option key={i} value={i}>
                  Cell {i + 1}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="button" onClick={togglePause} aria-pressed={pausedAtS !== undefined} data-testid="chart-pause">
          {pausedAtS === undefined ? 'Pause' : 'Resume'}
        </button>
        <button type="button" className="button" onClick={() => downloadCsv(rows, prefix, `${fileStem}.csv`)} disabled={rows.length === 0} data-testid="chart-csv">
          CSV
        </button>
      </div>
      <div className="chart-grid">
        {channels.map((channel) => (
          <ChartPanel key={channel} channel={channel} rows={rows} dataKey={seriesKey({ cell: source, channel })} fileStem={fileStem} />
        ))}
      </div>
    </section>
  )
}
