import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { type z } from 'zod'
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

const asBoolean = (name: string, raw: string): boolean => {
  if (/^(1|true|yes|on)$/i.test(raw.trim())) return true
  if (/^(0|false|no|off)$/i.test(raw.trim())) return false
  throw new ConfigError(`${name}: expected true or false, got "${raw}"`)
}

const asList = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')

/** The `tls` section's variables: the reference's MFC_SSL_* names, then MFC_TLS_* (which win). */
function tlsEnvBindings(): EnvBinding[] {
  const tls = (l: ConfigLayer, patch: NonNullable<ConfigLayer['tls']>) => (l.tls = { ...l.tls, ...patch })
  const acme = (l: ConfigLayer, patch: NonNullable<NonNullable<ConfigLayer['tls']>['acme']>) =>
    tls(l, { acme: { ...l.tls?.acme, ...patch } })
  return [
    // The reference's domain is both what ACME orders and a name generated certificates cover.
    { name: 'MFC_SSL_DOMAIN', apply: (l, v) => (tls(l, { names: asList(v) }), acme(l, { domains: asList(v) })) },
    { name: 'MFC_SSL_EMAIL', apply: (l, v) => acme(l, { email: v }) },
    {
      name: 'MFC_SSL_USE_LETSENCRYPT',
      apply: (l, v) => asBoolean('MFC_SSL_USE_LETSENCRYPT', v) && tls(l, { source: 'acme' }),
    },
    { name: 'MFC_TLS_SOURCE', apply: (l, v) => tls(l, { source: v }) },
    { name: 'MFC_TLS_NAMES', apply: (l, v) => tls(l, { names: asList(v) }) },
    { name: 'MFC_TLS_KEY_TYPE', apply: (l, v) => tls(l, { keyType: v }) },
    { name: 'MFC_TLS_VALIDITY_DAYS', apply: (l, v) => tls(l, { validityDays: asNumber('MFC_TLS_VALIDITY_DAYS', v) }) },
    { name: 'MFC_TLS_CERT_FILE', apply: (l, v) => tls(l, { certFile: v }) },
    { name: 'MFC_TLS_KEY_FILE', apply: (l, v) => tls(l, { keyFile: v }) },
    { name: 'MFC_TLS_CHAIN_FILE', apply: (l, v) => tls(l, { chainFile: v }) },
    { name: 'MFC_TLS_PFX_FILE', apply: (l, v) => tls(l, { pfxFile: v }) },
    { name: 'MFC_TLS_ACME_DIRECTORY', apply: (l, v) => acme(l, { directoryUrl: v }) },
    {
      name: 'MFC_TLS_ACME_CHALLENGE_PORT',
      apply: (l, v) => acme(l, { challengePort: asNumber('MFC_TLS_ACME_CHALLENGE_PORT', v) }),
    },
    { name: 'MFC_TLS_ACME_CA_FILE', apply: (l, v) => acme(l, { caFile: v }) },
    { name: 'MFC_TLS_ALERT_WEBHOOK', apply: (l, v) => tls(l, { alerts: { ...l.tls?.alerts, webhookUrl: v } }) },
  ]
}

/** The `security` section's variables; MFC_ADMIN_PASSWORD and MFC_API_TOKEN are the reference's names. */
function securityEnvBindings(): EnvBinding[] {
  const security = (l: ConfigLayer, patch: NonNullable<ConfigLayer['security']>) =>
    (l.security = { ...l.security, ...patch })
  const rateLimit = (l: ConfigLayer, key: string, name: string, v: string) =>
    security(l, { rateLimit: { ...l.security?.rateLimit, [key]: asNumber(name, v) } })
  return [
    { name: 'MFC_SECRETS', apply: (l, v) => security(l, { secrets: v }) },
    { name: 'MFC_ALLOWED_HOSTS', apply: (l, v) => security(l, { allowedHosts: asList(v) }) },
    { name: 'MFC_TRUST_PROXY', apply: (l, v) => security(l, { trustProxy: asList(v) }) },
    { name: 'MFC_NEVER_BAN', apply: (l, v) => security(l, { neverBan: asList(v) }) },
    {
      name: 'MFC_SESSION_IDLE_MINUTES',
      apply: (l, v) => security(l, { sessionIdleMinutes: asNumber('MFC_SESSION_IDLE_MINUTES', v) }),
    },
    {
      name: 'MFC_SESSION_MAX_HOURS',
      apply: (l, v) => security(l, { sessionMaxHours: asNumber('MFC_SESSION_MAX_HOURS', v) }),
    },
    { name: 'MFC_RATE_LIMIT_ANONYMOUS', apply: (l, v) => rateLimit(l, 'anonymous', 'MFC_RATE_LIMIT_ANONYMOUS', v) },
    {
      name: 'MFC_RATE_LIMIT_AUTHENTICATED',
      apply: (l, v) => rateLimit(l, 'authenticated', 'MFC_RATE_LIMIT_AUTHENTICATED', v),
    },
    { name: 'MFC_RATE_LIMIT_AUTH', apply: (l, v) => rateLimit(l, 'auth', 'MFC_RATE_LIMIT_AUTH', v) },
    {
      name: 'MFC_RATE_LIMIT_ACCESS_REQUESTS',
      apply: (l, v) => rateLimit(l, 'accessRequests', 'MFC_RATE_LIMIT_ACCESS_REQUESTS', v),
    },
    {
      name: 'MFC_RATE_LIMIT_WINDOW_SECONDS',
      apply: (l, v) => rateLimit(l, 'windowSeconds', 'MFC_RATE_LIMIT_WINDOW_SECONDS', v),
    },
    {
      name: 'MFC_ACCESS_REQUESTS_PER_CLIENT',
      apply: (l, v) => security(l, { accessRequestsPerClient: asNumber('MFC_ACCESS_REQUESTS_PER_CLIENT', v) }),
    },
    { name: 'MFC_ADMIN_PASSWORD', apply: (l, v) => security(l, { adminPassword: v }) },
    { name: 'MFC_API_TOKEN', apply: (l, v) => security(l, { apiToken: v }) },
    {
      name: 'MFC_API_TOKEN_HAZARDOUS',
      apply: (l, v) => security(l, { apiTokenHazardous: asBoolean('MFC_API_TOKEN_HAZARDOUS', v) }),
    },
  ]
}

/** The `telemetry` section's variables. */
function telemetryEnvBindings(): EnvBinding[] {
  const telemetry = (l: ConfigLayer, patch: NonNullable<ConfigLayer['telemetry']>) =>
    (l.telemetry = { ...l.telemetry, ...patch })
  const stream = (l: ConfigLayer, key: string, name: string, v: string) =>
    telemetry(l, { stream: { ...l.telemetry?.stream, [key]: asNumber(name, v) } })
  return [
    { name: 'MFC_RETENTION_DAYS', apply: (l, v) => telemetry(l, { retentionDays: asNumber('MFC_RETENTION_DAYS', v) }) },
    { name: 'MFC_RECORD_BATCH_MS', apply: (l, v) => telemetry(l, { batchMs: asNumber('MFC_RECORD_BATCH_MS', v) }) },
    { name: 'MFC_STREAM_MAX_PER_IP', apply: (l, v) => stream(l, 'maxConnectionsPerIp', 'MFC_STREAM_MAX_PER_IP', v) },
    {
      name: 'MFC_STREAM_MAX_PER_TOKEN',
      apply: (l, v) => stream(l, 'maxConnectionsPerToken', 'MFC_STREAM_MAX_PER_TOKEN', v),
    },
    {
      name: 'MFC_STREAM_SLOW_GRACE_SECONDS',
      apply: (l, v) => stream(l, 'slowGraceSeconds', 'MFC_STREAM_SLOW_GRACE_SECONDS', v),
    },
    {
      name: 'MFC_STREAM_HEARTBEAT_SECONDS',
      apply: (l, v) => stream(l, 'heartbeatSeconds', 'MFC_STREAM_HEARTBEAT_SECONDS', v),
    },
    {
      name: 'MFC_EXPORTS_PER_CALLER',
      apply: (l, v) => telemetry(l, { maxExportsPerCaller: asNumber('MFC_EXPORTS_PER_CALLER', v) }),
    },
    { name: 'MFC_EXPORTS_MAX', apply: (l, v) => telemetry(l, { maxExports: asNumber('MFC_EXPORTS_MAX', v) }) },
  ]
}

/** The `database` section's variables. */
function databaseEnvBindings(): EnvBinding[] {
  const number = (key: string, name: string): EnvBinding => ({
    name,
    apply: (l, v) => (l.database = { ...l.database, [key]: asNumber(name, v) }),
  })
  return [
    number('backupIntervalHours', 'MFC_DB_BACKUP_INTERVAL_HOURS'),
    number('backupsKept', 'MFC_DB_BACKUPS_KEPT'),
    number('busyTimeoutMs', 'MFC_DB_BUSY_TIMEOUT_MS'),
    number('identityCheckSeconds', 'MFC_DB_IDENTITY_CHECK_SECONDS'),
    number('bookkeepingFlushMs', 'MFC_DB_BOOKKEEPING_FLUSH_MS'),
    number('bookkeepingMaxPending', 'MFC_DB_BOOKKEEPING_MAX_PENDING'),
  ]
}

/** The `http` section's variables: the listener's connection limits. */
function httpEnvBindings(): EnvBinding[] {
  const number = (key: string, name: string): EnvBinding => ({
    name,
    apply: (l, v) => (l.http = { ...l.http, [key]: asNumber(name, v) }),
  })
  return [
    number('maxConnections', 'MFC_HTTP_MAX_CONNECTIONS'),
    number('maxConnectionsPerIp', 'MFC_HTTP_MAX_PER_IP'),
    number('handshakeTimeoutSeconds', 'MFC_HTTP_HANDSHAKE_TIMEOUT_SECONDS'),
    number('idleTimeoutSeconds', 'MFC_HTTP_IDLE_TIMEOUT_SECONDS'),
    number('headersTimeoutSeconds', 'MFC_HTTP_HEADERS_TIMEOUT_SECONDS'),
    number('requestTimeoutSeconds', 'MFC_HTTP_REQUEST_TIMEOUT_SECONDS'),
    number('keepAliveTimeoutSeconds', 'MFC_HTTP_KEEP_ALIVE_TIMEOUT_SECONDS'),
    number('maxBodyKb', 'MFC_HTTP_MAX_BODY_KB'),
  ]
}

/** The `station` and `publish` sections' variables. */
function fleetEnvBindings(): EnvBinding[] {
  const station =
    (key: string): ((l: ConfigLayer, v: string) => void) =>
    (l, v) =>
      (l.station = { ...l.station, [key]: v })
  const mqtt =
    (key: string): ((l: ConfigLayer, v: string) => void) =>
    (l, v) =>
      (l.publish = { ...l.publish, mqtt: { ...l.publish?.mqtt, [key]: v } })
  return [
    { name: 'MFC_STATION_NAME', apply: station('name') },
    { name: 'MFC_STATION_SITE', apply: station('site') },
    { name: 'MFC_STATION_STACK', apply: station('stack') },
    { name: 'MFC_MQTT_URL', apply: mqtt('url') },
    { name: 'MFC_MQTT_MODE', apply: mqtt('mode') },
  ]
}

/** MFC_* variables, including the reference system's names where they mean the same thing. */
const envBindings: EnvBinding[] = [
  { name: 'MFC_HOST', apply: (l, v) => (l.host = v) },
  { name: 'MFC_HTTPS_API_PORT', apply: (l, v) => (l.port = asNumber('MFC_HTTPS_API_PORT', v)) },
  { name: 'MFC_PORT', apply: (l, v) => (l.port = asNumber('MFC_PORT', v)) },
  { name: 'MFC_DATA_DIR', apply: (l, v) => (l.dataDir = v) },
  { name: 'MFC_LOG_LEVEL', apply: (l, v) => (l.logLevel = v) },
  { name: 'MFC_SOURCE', apply: (l, v) => (l.source = v) },
  { name: 'MFC_SIM_TICK_HZ', apply: (l, v) => (l.sim = { ...l.sim, tickHz: asNumber('MFC_SIM_TICK_HZ', v) }) },
  { name: 'MFC_SIM_SPEED', apply: (l, v) => (l.sim = { ...l.sim, speed: asNumber('MFC_SIM_SPEED', v) }) },
  { name: 'MFC_SIM_SCENARIO', apply: (l, v) => (l.sim = { ...l.sim, scenario: v }) },
  ...tlsEnvBindings(),
  ...securityEnvBindings(),
  ...telemetryEnvBindings(),
  ...databaseEnvBindings(),
  ...httpEnvBindings(),
  ...fleetEnvBindings(),
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Later layers win key by key; sections (plain objects) merge, values and arrays replace. */
function mergeLayers(layers: ConfigLayer[]): ConfigLayer {
  const merge = (base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> => {
    const merged = { ...base }
    for (const [key, value] of Object.entries(layer))
      merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? merge(merged[key], value) : value
    return merged
  }
  return layers.reduce<Record<string, unknown>>((merged, layer) => merge(merged, layer), {})
}

/** Turns zod's issues into one line that names the key and what it accepts. */
export function describeIssues(error: z.ZodError, source: string): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.') || '(root)'
      if (issue.code === 'unrecognized_keys')
        return `${source}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}${key === '(root)' ? '' : ` in ${key}`}`
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

/** The layers a configuration is built from, with where the file layer came from (none: no file). */
export type ConfigLayers = { file: ConfigLayer; filePath?: string; env: ConfigLayer; flags: ConfigLayer }

/** Reads the layers above the defaults: the config file (explicit, else the data dir's), MFC_* and flags. */
export function readConfigLayers(sources: ConfigSources): ConfigLayers {
  const env = sources.env ?? {}
  const flags = sources.flags ?? {}
  const envLayer = configFromEnv(env)
  const explicitFile = sources.configFile ?? env['MFC_CONFIG']
  // The data dir decides where the implicit config file lives, so resolve it from the layers above the file first.
  const dataDirBeforeFile = [flags.dataDir, envLayer.dataDir].find((dir): dir is string => typeof dir === 'string')
  const implicit = join(dataDirBeforeFile ?? defaultDataDir(env), 'config.json')
  const filePath = explicitFile ?? ((sources.fileExists ?? existsSync)(implicit) ? implicit : undefined)
  const file = filePath === undefined ? {} : readConfigFile(filePath)
  return { file, ...(filePath === undefined ? {} : { filePath }), env: envLayer, flags }
}

/** The MFC_* variable behind each configuration key the environment sets (`security.apiToken` → MFC_API_TOKEN). */
export function envVariablesByKey(env: NodeJS.ProcessEnv): Map<string, string> {
  const names = new Map<string, string>()
  for (const binding of envBindings) {
    const raw = env[binding.name]
    if (raw === undefined) continue
    const layer: ConfigLayer = {}
    binding.apply(layer, raw)
    for (const key of leafKeys(layer)) names.set(key, binding.name)
  }
  return names
}

/** Dotted paths of a layer's leaves (values and arrays; sections are walked). */
export function leafKeys(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return prefix === '' ? [] : [prefix]
  return Object.entries(value).flatMap(([key, inner]) => leafKeys(inner, prefix === '' ? key : `${prefix}.${key}`))
}

/** Builds the configuration: defaults < config file < MFC_* environment < CLI flags, validated. */
export function loadConfig(sources: ConfigSources): StationConfig {
  const env = sources.env ?? {}
  const layers = readConfigLayers(sources)
  const fileName = sources.configFile ?? env['MFC_CONFIG'] ?? 'config file'
  const fileCheck = stationConfigSchema.partial().safeParse(layers.file)
  if (!fileCheck.success) throw new ConfigError(describeIssues(fileCheck.error, fileName))

  const merged = mergeLayers([{ dataDir: defaultDataDir(env) }, layers.file, layers.env, layers.flags])
  const parsed = stationConfigSchema.safeParse(merged)
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, 'configuration'))
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) }
}
