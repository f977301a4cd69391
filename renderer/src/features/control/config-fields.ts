import type { RunConfigView } from '../../../../server/contract/run-config-view'

/**
 * A live-editable number of the run configuration, by its path (`feed.flowLPerDay`), in the unit the
 * operator reads: `toDisplay`/`fromDisplay` convert where the station's unit differs (K -> °C).
 */
export type ConfigField = {
  path: readonly [string, string]
  label: string
  unit: string
  toDisplay?: (station: number) => number
  fromDisplay?: (shown: number) => number
}

const KELVIN_AT_0_C = 273.15
/** Temperature in and out in °C; the station's configuration keeps kelvin. */
export const celsius = {
  unit: '°C',
  toDisplay: (k: number) => +(k - KELVIN_AT_0_C).toFixed(2),
  fromDisplay: (c: number) => c + KELVIN_AT_0_C,
}

/** The field's current value in its display unit, or undefined before the configuration is read. */
export function currentValue(config: RunConfigView | undefined, field: ConfigField): number | undefined {
  const value = (config?.[field.path[0]] as Record<string, unknown> | undefined)?.[field.path[1]]
  if (typeof value !== 'number') return undefined
  return field.toDisplay ? field.toDisplay(value) : value
}

/** One edit the operator made: the field, its value before and after (display units). */
export type ConfigChange = { field: ConfigField; before: number | undefined; after: number }

/** The fields whose typed value differs from the current one. */
export function changesOf(
  fields: readonly ConfigField[],
  config: RunConfigView | undefined,
  edits: Record<string, string>,
): ConfigChange[] {
  return fields.flatMap((field) => {
    const text = (edits[field.path.join('.')] ?? '').trim()
    const after = Number(text)
    const before = currentValue(config, field)
    return text === '' || !Number.isFinite(after) || after === before ? [] : [{ field, before, after }]
  })
}

/** The patch for the changes, in the station's units: `{ feed: { flowLPerDay: 0.2 } }`. */
export function buildPatch(changes: readonly ConfigChange[]): Record<string, Record<string, number>> {
  const patch: Record<string, Record<string, number>> = {}
  for (const { field, after } of changes) {
    const [section, key] = field.path
    patch[section] = { ...patch[section], [key]: field.fromDisplay ? field.fromDisplay(after) : after }
  }
  return patch
}

/** "Flow 0.15 → 0.2 L/d", for the confirmation and the log. */
export function describeChange({ field, before, after }: ConfigChange): string {
  return `${field.label} ${before ?? '?'} → ${after} ${field.unit}`
}
