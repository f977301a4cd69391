import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createAuditLog } from '../auth/audit.js'
import { authMigrations } from '../auth/schema.js'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config/load.js'
import { openDatabase } from '../store/database.js'
import { UsageError } from './usage-error.js'

export const auditUsage = `Usage: mfc-station audit verify [--data-dir DIR]

Walks the audit log's hash chain and reports the first broken link (exit 1), or that it is intact (exit 0).`

/** `mfc-station audit verify`: the tamper check without a running station (it only reads). */
export function auditCommand(argv: string[], io: { env: NodeJS.ProcessEnv; stdout: (line: string) => void }): number {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
  if (parsed.values.help) {
    io.stdout(auditUsage)
    return 0
  }
  if (parsed.positionals.join(' ') !== 'verify')
    throw new UsageError(`expected "audit verify", got "audit ${parsed.positionals.join(' ')}"`)
  const config = loadConfig({
    env: io.env,
    ...(parsed.values['data-dir'] === undefined ? {} : { flags: { dataDir: parsed.values['data-dir'] } }),
  })
  const path = join(config.dataDir, 'station.db')
  if (!existsSync(path)) throw new UsageError(`no station database at ${path}`)
  const db = openDatabase(path, authMigrations)
  try {
    const result = createAuditLog({ db, clock: systemClock }).verify()
    io.stdout(
      result.ok
        ? `audit log intact: ${result.entries} entries`
        : `audit log BROKEN at entry ${result.firstBrokenSeq} (of ${result.entries} read): it or an earlier entry was changed or removed`,
    )
    return result.ok ? 0 : 1
  } finally {
    db.close()
  }
}
