import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { stationConfigSchema, type ConfigLayer, type StationConfig } from './schema.js'

/** A configuration problem, worded for the person who has to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Where the station keeps its data when nothing says otherwise (XDG on Linux). */
export function defaultDataDir(env: NodeJS.ProcessEnv, home = homedir()): string {
  if (process.platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'mfc-station')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'mfc-station')
  return join(env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'), 'mfc-station')
}

type EnvBinding = { name: string; apply: (layer: ConfigLayer, raw: string) => void }

const asNumber = (name: string, raw: string): number => {
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new ConfigError(`${name}: expected a number, got "${raw}"`)
  return value
}

/** MFC_* variables, including the reference system's names where they mean the same thing. */
const envBindings: EnvBinding[] = [
  { name: 'MFC_HOST', apply: (l, v) => (l.host = v) },
  { name: 'MFC_HTTPS_API_PORT', apply: (l, v) => (l.port = asNumber('MFC_HTTPS_API_PORT', v)) },
  { name: 'MFC_PORT', apply: (l, v) => (l.port = asNumber('MFC_PORT', v)) },
  { name: 'MFC_DATA_DIR', apply: (l, v) => (l.dataDir = v) },
  { name: 'MFC_LOG_LEVEL', apply: (l, v) => (l.logLevel = v) },
  { name: 'MFC_SIM_TICK_HZ', apply: (l, v) => (l.sim = { ...l.sim, tickHz: asNumber('MFC_SIM_TICK_HZ', v) }) },
  { name: 'MFC_SIM_SPEED', apply: (l, v) => (l.sim = { ...l.sim, speed: asNumber('MFC_SIM_SPEED', v) }) },
]

/** The configuration layer that MFC_* environment variables describe. */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigLayer {
  const layer: ConfigLayer = {}
  for (const binding of envBindings) {
    const raw = env[binding.name]
    if (raw !== undefined) binding.apply(layer, raw)
  }
  return layer
}

function readConfigFile(path: string): ConfigLayer {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return JSON.parse(text) as ConfigLayer
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`)
  }
}

function mergeLayers(layers: ConfigLayer[]): ConfigLayer {
  const merged: ConfigLayer = {}
  for (const layer of layers) {
    const { sim, ...top } = layer
    Object.assign(merged, top)
    if (sim !== undefined) merged.sim = { ...merged.sim, ...sim }
  }
  return merged
}

/** Turns zod's issues into one line that names the key and what it accepts. */
export function describeIssues(error: z.ZodError, source: string): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.') || '(root)'
      if (issue.code === 'unrecognized_keys') return `${source}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}${key === '(root)' ? '' : ` in ${key}`}`
      return `${source}: ${key}: ${issue.message}`
    })
    .join('; ')
}

export type ConfigSources = {
  /** Parsed CLI flags: the strongest layer. */
  flags?: ConfigLayer
  /** Explicit config file path (--config or MFC_CONFIG); otherwise `config.json` in the data dir if present. */
  configFile?: string
  env?: NodeJS.ProcessEnv
  fileExists?: (path: string) => boolean
}

/** Builds the configuration: defaults < config file < MFC_* environment < CLI flags, validated. */
export function loadConfig(sources: ConfigSources): StationConfig {
  const env = sources.env ?? {}
  const flags = sources.flags ?? {}
  const envLayer = configFromEnv(env)
  const explicitFile = sources.configFile ?? env['MFC_CONFIG']

  // The data dir decides where the implicit config file lives, so resolve it from the layers above the file first.
  const dataDirBeforeFile = flags.dataDir ?? envLayer.dataDir
  let fileLayer: ConfigLayer = {}
  if (explicitFile !== undefined) {
    fileLayer = readConfigFile(explicitFile)
  } else {
    const implicit = join(dataDirBeforeFile ?? defaultDataDir(env), 'config.json')
    if ((sources.fileExists ?? existsSync)(implicit)) fileLayer = readConfigFile(implicit)
  }
  const fileName = explicitFile ?? 'config file'
  const fileCheck = stationConfigSchema.partial().safeParse(fileLayer)
  if (!fileCheck.success) throw new ConfigError(describeIssues(fileCheck.error, fileName))

  const merged = mergeLayers([{ dataDir: defaultDataDir(env) }, fileLayer, envLayer, flags])
  const parsed = stationConfigSchema.safeParse(merged)
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, 'configuration'))
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) }
}
