/*
 * The lab's CSV files as the twin's fits read them (docs/twin.md "Points file", "Series file"): blank lines
 * and `#` comments skipped, a header row of column names (any case), `,` or `;` between cells.
 */

/** A data file that cannot be read; the message names the row or column. */
export class PointsFileError extends Error {
  override name = 'PointsFileError'
}

export type CsvTable = {
  /** Each row's cells for the named columns, in the order asked; a missing optional column gives undefined. */
  rows: Array<{ line: string; number: number; cells: Array<string | undefined> }>
}

/** The rows of `text` with the cells of `required` columns (an error if absent) and `optional` ones. */
export function csvTable(text: string, required: readonly string[], optional: readonly string[] = []): CsvTable {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  const [headerLine, ...rows] = lines
  const delimiter = headerLine?.includes(';') && !headerLine.includes(',') ? ';' : ','
  const header = (headerLine ?? '').split(delimiter).map((name) => name.trim().toLowerCase())
  const index = [...required, ...optional].map((column, k) => {
    const at = header.indexOf(column.toLowerCase())
    if (at < 0 && k < required.length)
      throw new PointsFileError(`the header row has no ${column} column (it needs ${required.join(',')})`)
    return at
  })
  return {
    rows: rows.map((line, row) => {
      const cells = line.split(delimiter).map((cell) => cell.trim())
      return { line, number: row + 2, cells: index.map((at) => (at < 0 ? undefined : (cells[at] ?? ''))) }
    }),
  }
}
