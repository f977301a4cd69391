import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Db } from '../store/database.js'
import { CELL_COLUMNS, STACK_COLUMNS } from './channels.js'
import { createEventColumns, csvHeaderRow, metadataLines, type CsvMeta } from './csv-metadata.js'

const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  const text =
    typeof value === 'number' || typeof value === 'bigint'
      ? value.toString()
      : typeof value === 'string'
        ? value
        : JSON.stringify(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const ALARM_NAMES: Array<[number, string]> = [
  [1, 'voltage-reversal'],
  [2, 'substrate-depleted'],
  [4, 'out-of-range'],
]

/**
 * A recorded run as CSV under its metadata lines (csv-metadata.ts), produced page by page (keyset
 * pagination on seq) so neither the run nor the answer is ever held in memory, and yielding to the event
 * loop between pages so a long export does not hold up the simulation or other requests: a page is one
 * synchronous slice, so pages are small. The consumer (a Readable) provides the backpressure.
 */
export async function* csvExport(
  db: Db,
  run: { id: number; cells: number },
  meta: CsvMeta,
  pageFrames = 500,
): AsyncGenerator<string> {
  const frames = db
    .prepare<[number, number, number], unknown[]>(
      `SELECT seq, sim_time_s, wall_time_ms, state, controller, load_connected, ${STACK_COLUMNS.map((c) => c.column).join(', ')} FROM telemetry_frames WHERE run = ? AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw()
  const cellRows = db
    .prepare<[number, number, number, number], unknown[]>(
      `SELECT seq, ${CELL_COLUMNS.map((c) => c.column).join(', ')}, alarms FROM telemetry_cells WHERE run = ? AND cell = ? AND seq BETWEEN ? AND ?`,
    )
    .raw()
  // The metadata lines are comments (JSON and text on one line each), not CSV fields.
  yield `${[...metadataLines(meta), csvHeaderRow(run.cells).map(csvCell).join(',')].join('\n')}\n`
  const eventColumns = createEventColumns(meta.events)
  let after = -1
  for (;;) {
    const page = frames.all(run.id, after, pageFrames)
    if (page.length === 0) return
    const first = page[0]![0] as number
    const last = page.at(-1)![0] as number
    const byCell = Array.from(
      { length: run.cells },
      (_v, cell) => new Map(cellRows.all(run.id, cell, first, last).map((row) => [row[0] as number, row])),
    )
    let text = ''
    for (const [seq, simTimeS, wallTimeMs, ...rest] of page) {
      const values: unknown[] = [seq, simTimeS, new Date(wallTimeMs as number).toISOString(), ...rest]
      for (const cells of byCell) {
        const row = cells.get(seq as number)
        if (!row) values.push(...Array.from({ length: CELL_COLUMNS.length + 1 }, () => ''))
        else
          values.push(
            ...row.slice(1, -1),
            ALARM_NAMES.filter(([bit]) => ((row.at(-1) as number) & bit) !== 0)
              .map(([, name]) => name)
              .join(' '),
          )
      }
      values.push(...eventColumns(simTimeS as number))
      text += `${values.map(csvCell).join(',')}\n`
    }
    yield text
    after = last
    await yieldToEventLoop()
  }
}
