import type { CellGeometryEdit, RunCellGeometry } from '../../../../server/contract/cell-geometry'

/** Which cells an edit is for: one, or all of the run's. */
export type GeometryTarget = number | 'all'

export type GeometryPlan = { body: CellGeometryEdit; changes: string[] } | { problem: string }

const keys = [
  { key: 'anodeAreaCm2', name: 'anode area', unit: 'cm²' },
  { key: 'anodeVolumeL', name: 'anode volume', unit: 'L' },
] as const

/** A typed size: blank keeps the value; anything else must be a positive finite number. */
function sizeOf(text: string, name: string): number | undefined | string {
  if (text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) && value > 0 ? value : `${name} must be a positive number`
}

/** The request an edit form makes, and the old -> new lines its confirmation shows. */
export function planGeometryEdit(
  geometry: RunCellGeometry,
  target: GeometryTarget,
  typed: { anodeAreaCm2: string; anodeVolumeL: string },
): GeometryPlan {
  const values: { anodeAreaCm2?: number; anodeVolumeL?: number } = {}
  for (const { key, name } of keys) {
    const value = sizeOf(typed[key], name)
    if (typeof value === 'string') return { problem: value }
    if (value !== undefined) values[key] = value
  }
  if (Object.keys(values).length === 0) return { problem: 'enter an anode area, an anode volume or both' }
  const cells = geometry.cells.filter((entry) => target === 'all' || entry.cell === target)
  const changes = cells.flatMap((entry) =>
    keys.flatMap(({ key, name, unit }) => {
      const to = values[key]
      if (to === undefined || entry[key].value === to) return []
      return [`Cell ${entry.cell}: ${name} ${entry[key].value ?? 'unset'} → ${to} ${unit}`]
    }),
  )
  if (changes.length === 0) return { problem: 'these are the values already in force' }
  return { body: { cells: cells.map((entry) => ({ cell: entry.cell, ...values })) }, changes }
}
