import type { SeriesRef } from '../../store/frame-ring'
import { SERIES_COLOURS } from './series'

/** More lines than colours would be unreadable. */
export const MAX_SOURCES = SERIES_COLOURS

/** Stack and any cells, several at once (overlay or small multiples); a list box scales to 512 cells. */
export function SeriesPicker({
  cells,
  chosen,
  onChange,
}: {
  cells: number
  chosen: readonly SeriesRef['cell'][]
  onChange(next: SeriesRef['cell'][]): void
}) {
  return (
    <label className="series-picker">
      Show (up to {MAX_SOURCES})
      <select
        multiple
        size={Math.min(6, cells + 1)}
        value={chosen.map(String)}
        data-testid="chart-source"
        onChange={(e) => {
          const picked = [...e.target.selectedOptions].map((o) => (o.value === 'stack' ? 'stack' : Number(o.value)))
          if (picked.length > 0) onChange(picked.slice(0, MAX_SOURCES))
        }}
      >
        <option value="stack">Stack</option>
        {Array.from({ length: cells }, (_, i) => (
          <option key={i} value={i}>
            Cell {i + 1}
          </option>
        ))}
      </select>
    </label>
  )
}
