import type { ControllerKind } from '../../../../server/contract/simulation'

export type ControllerField = { key: string; label: string; options?: readonly string[] }

/**
 * Each controller's settings (server/sim/control/controller-config.ts validates them). A field left
 * empty is not sent, so the station applies its own documented default; the running controller's
 * values (defaults included) come from its configuration.
 */
export const controllerFields: Record<Exclude<ControllerKind, 'qlearning'>, readonly ControllerField[]> = {
  fixed: [{ key: 'periodS', label: 'Period (s)' }],
  pid: [
    { key: 'actuator', label: 'Actuator', options: ['feed', 'dosing'] },
    { key: 'kp', label: 'Kp' },
    { key: 'ki', label: 'Ki' },
    { key: 'kd', label: 'Kd' },
    { key: 'periodS', label: 'Period (s)' },
    { key: 'outputMin', label: 'Output min' },
    { key: 'outputMax', label: 'Output max' },
  ],
  mppt: [
    { key: 'scope', label: 'Scope', options: ['stack', 'cell'] },
    { key: 'stepFraction', label: 'Step fraction' },
    { key: 'periodS', label: 'Period (s)' },
    { key: 'minOhm', label: 'Min R (Ω)' },
    { key: 'maxOhm', label: 'Max R (Ω)' },
  ],
}

/** Values of the running controller's settings, as form text, when the chosen kind is the running one. */
export function currentValues(
  config: Record<string, unknown> | undefined,
  kind: ControllerKind,
): Record<string, string> {
  if (!config || config['kind'] !== kind) return {}
  return Object.fromEntries(
    Object.entries(config).flatMap(([k, v]) =>
      typeof v === 'number' || typeof v === 'string' ? [[k, String(v)]] : [],
    ),
  )
}

/** The settings the form sends: filled fields only, numbers as numbers. */
export function settingsOf(
  kind: Exclude<ControllerKind, 'qlearning'>,
  values: Record<string, string>,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  for (const field of controllerFields[kind]) {
    const text = (values[field.key] ?? '').trim()
    if (text !== '') settings[field.key] = field.options ? text : Number(text)
  }
  return settings
}

/** A setting as the confirmation prints it. */
function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value)
}

/** The confirmation's old -> new lines: "kind mppt → pid", "kp 0.002 → 0.003" (unchanged settings left out). */
export function controllerChanges(
  running: Record<string, unknown> | undefined,
  kind: ControllerKind,
  settings: Record<string, unknown>,
): string[] {
  const before = running?.['kind'] === kind ? running : {}
  const lines = running?.['kind'] === kind ? [] : [`kind ${shown(running?.['kind'] ?? '?')} → ${kind}`]
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'policy') continue
    const old = before[key]
    if (old !== value) lines.push(`${key} ${old === undefined ? 'default' : shown(old)} → ${shown(value)}`)
  }
  return lines
}
