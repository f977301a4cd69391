import type { StationConfig } from './schema.js'
import { envVariablesByKey, leafKeys, loadConfig, readConfigLayers, type ConfigSources } from './load.js'

/** One key of the effective configuration and the layer that set it (docs/configuration.md "Precedence"). */
export type ConfigEntry = { key: string; value: unknown; source: string }

/** Keys whose values are secrets: shown masked, never printed (docs/operations.md "config check"). */
const SECRET_KEY = /(password|token|secret|passphrase)$/i
const MASK = '********'

function valueAt(config: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], config)
}

/** A URL's user and password (a webhook with credentials) are masked as well. */
function masked(key: string, value: unknown): unknown {
  if (SECRET_KEY.test(key) && value !== undefined) return MASK
  if (typeof value === 'string' && /^[a-z]+:\/\/[^/@]+@/i.test(value)) return value.replace(/\/\/[^/@]+@/, `//${MASK}@`)
  return value
}

/**
 * The effective configuration, validated as the station would load it (a ConfigError otherwise), each
 * key with where its value came from: `flag`, `env MFC_...`, `file PATH` or `default`. Secrets masked.
 */
export function explainConfig(sources: ConfigSources): { config: StationConfig; entries: ConfigEntry[] } {
  const config = loadConfig(sources)
  const layers = readConfigLayers(sources)
  const flagKeys = new Set(leafKeys(layers.flags))
  const envNames = envVariablesByKey(sources.env ?? {})
  const fileKeys = new Set(leafKeys(layers.file))
  // A key set inside an array or a section replaced whole counts where its nearest set ancestor is.
  const setIn = (keys: ReadonlySet<string> | ReadonlyMap<string, string>, key: string) =>
    [...keys.keys()].find((set) => key === set || key.startsWith(`${set}.`))
  const entries = leafKeys(config).map((key): ConfigEntry => {
    const envKey = setIn(envNames, key)
    const source = setIn(flagKeys, key)
      ? 'flag'
      : envKey !== undefined
        ? `env ${envNames.get(envKey)}`
        : setIn(fileKeys, key)
          ? `file ${layers.filePath}`
          : 'default'
    return { key, value: masked(key, valueAt(config, key)), source }
  })
  return { config, entries }
}
