import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, describeIssues } from './load.js'
import { stationConfigSchema } from './schema.js'

export type ListenerSettings = { host: string; port: number }

/**
 * Stores the listener (bind address and port) in `<dataDir>/config.json`, keeping the file's other
 * keys. Returns a function that puts the previous file back, for when the new listener cannot start.
 */
export function saveListenerSettings(dataDir: string, listener: ListenerSettings): () => void {
  const path = join(dataDir, 'config.json')
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  const current = previous === undefined ? {} : (JSON.parse(previous) as Record<string, unknown>)
  const next = { ...current, host: listener.host, port: listener.port }
  const check = stationConfigSchema.partial().safeParse(next)
  if (!check.success) throw new ConfigError(describeIssues(check.error, path))
  const write = (text: string) => {
    writeFileSync(`${path}.tmp`, text, { mode: 0o600 })
    renameSync(`${path}.tmp`, path)
  }
  write(`${JSON.stringify(next, null, 2)}\n`)
  return () => write(previous ?? '{}\n')
}
