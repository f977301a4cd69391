import type { InterlockRule } from '../config/control-schema.js'
import type { InstrumentsConfig } from '../config/instruments-schema.js'
import { ConfigError } from '../config/load.js'

/**
 * A `ph` interlock needs a pH to watch (docs/control.md "pH"): on a hardware station without
 * `instruments.stack.ph` it could never trip, so it is refused at start naming the rule.
 */
export function checkPhRules(
  rules: readonly InterlockRule[],
  station: { source: 'simulation' | 'hardware'; instruments: Pick<InstrumentsConfig, 'stack'> },
): void {
  if (station.source !== 'hardware' || station.instruments.stack.ph) return
  const index = rules.findIndex((rule) => rule.condition.kind === 'ph')
  if (index >= 0)
    throw new ConfigError(
      `control.interlocks[${index}].condition: a "ph" rule needs a pH channel (instruments.stack.ph)`,
    )
}
