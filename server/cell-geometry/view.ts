import type { RunCellGeometry } from '../contract/cell-geometry.js'
import type { RunDetail } from '../contract/telemetry.js'
import { runGeometry, type GeometryEdits } from '../lab-metrics/geometry.js'

type Key = 'anodeAreaCm2' | 'anodeVolumeL'
const geometryKey = { anodeAreaCm2: 'areaCm2', anodeVolumeL: 'volumeL' } as const

/** Each cell's area and volume with where it came from: an edit over the configuration, or the simulation. */
export function geometryView(run: Pick<RunDetail, 'runId' | 'source' | 'cells' | 'config'>, edits: GeometryEdits) {
  const configured = runGeometry(run).cells
  const effective = runGeometry(run, edits).cells
  const sourced = (index: number, key: Key) => {
    const value = effective[index]?.[geometryKey[key]] ?? null
    if (run.source === 'simulation') return { value, source: 'simulation' as const }
    if (edits.get(index + 1)?.[key] !== undefined) return { value, source: 'edited' as const }
    const fromConfig = configured[index]?.[geometryKey[key]] ?? null
    return { value: fromConfig, source: fromConfig === null ? ('unset' as const) : ('config' as const) }
  }
  return {
    runId: run.runId,
    source: run.source,
    editable: run.source === 'hardware',
    cells: Array.from({ length: run.cells }, (_v, index) => ({
      cell: index + 1,
      anodeAreaCm2: sourced(index, 'anodeAreaCm2'),
      anodeVolumeL: sourced(index, 'anodeVolumeL'),
    })),
  } satisfies RunCellGeometry
}
