import { useState } from 'react'
import { channelDisplay } from '../../app/format'
import { formatSimTime } from '../../app/time-format'
import type { ChartRow } from '../../store/chart-window'
import type { Channel } from '../../store/frame-ring'
import type { ChartLine } from './series'

/** The rows a table shows: a screen reader reads a table, not 240 points. */
const TABLE_ROWS = 20

/**
 * The chart as a table (WCAG 1.1.1: a text alternative for the picture): the newest rows, rendered
 * only while open so a closed table costs the live charts nothing.
 */
export function ChartDataTable({
  channel,
  title,
  rows,
  lines,
}: {
  channel: Channel
  title: string
  rows: readonly ChartRow[]
  lines: readonly ChartLine[]
}) {
  const [open, setOpen] = useState(false)
  const display = channelDisplay[channel]
  const shown = open ? rows.slice(-TABLE_ROWS) : []
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Data table</summary>
      {open && (
        <table className="table">
          <caption>
            {title}: the newest {shown.length} of {rows.length} points
          </caption>
          <thead>
            <tr>
              <th scope="col">Simulated time</th>
              {lines.map((line) => (
                <th key={line.key} scope="col">
                  {line.label} ({display.unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.t}>
                <td>{formatSimTime(row.t)}</td>
                {lines.map((line) => (
                  <td key={line.key}>
                    {row[line.key] === undefined ? '–' : (row[line.key]! * display.factor).toFixed(display.digits)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  )
}
