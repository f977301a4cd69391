import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createAuditLog } from '../auth/audit.js'
import { writeAuditAnchor } from '../auth/audit-anchor.js'
import { authMigrations } from '../auth/schema.js'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config/load.js'
import type { StationConfig } from '../config/schema.js'
import { openSecretStoreForTools } from '../secrets/open-secret-store.js'
import { openDatabase } from '../store/database.js'
import { runningStationPid } from '../station/data-dir.js'
import { backupDatabase, backupsDir } from '../store/backups.js'
import { restoreDatabase } from '../store/restore.js'
import { parseCommandLine, UsageError } from './usage-error.js'

export const backupUsage = `Usage: mfc-station backup [--data-dir DIR] [--json]
       mfc-station restore FILE [--data-dir DIR] [--json]

backup   copies the station database (users, tokens, audit log, runs, telemetry) into <data dir>/backups,
         consistently, also while the station runs.
restore  replaces the database with a backup; the station must be stopped. The database it replaces is
         saved as a backup first.`

type Io = { env: NodeJS.ProcessEnv; stdout: (line: string) => void; now: () => number }

function parse(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
}

const configOf = (io: Io, dataDir: string | undefined) =>
  loadConfig({ env: io.env, ...(dataDir === undefined ? {} : { flags: { dataDir } }) })
const dataDirOf = (io: Io, dataDir: string | undefined) => configOf(io, dataDir).dataDir

/**
 * A restore is a deliberate return to an older audit log: its anchor moves to the restored log's end
 * (docs/security.md "Audit log"), or the next start would report the entries after the backup as removed.
 */
async function reanchor(config: StationConfig, nowMs: number): Promise<string> {
  const secrets = await openSecretStoreForTools({ mode: config.security.secrets, dataDir: config.dataDir })
  if (!secrets) return 'no secret store found: the audit anchor was left as it was'
  const db = openDatabase(join(config.dataDir, 'station.db'), authMigrations)
  try {
    const anchor = await writeAuditAnchor(secrets, createAuditLog({ db, clock: systemClock }), nowMs)
    return anchor ? `audit anchor moved to entry ${anchor.seq}` : 'the restored audit log is empty'
  } finally {
    db.close()
  }
}

/** `mfc-station backup`: an online backup of the live database (docs/operations.md "Database"). */
export async function backupCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv)
  if (values.help) return (io.stdout(backupUsage), 0)
  if (positionals.length > 0) throw new UsageError(`backup takes no arguments, got "${positionals.join(' ')}"`)
  const dataDir = dataDirOf(io, values['data-dir'])
  let db: Database.Database
  try {
    db = new Database(join(dataDir, 'station.db'), { readonly: true, fileMustExist: true })
  } catch {
    throw new UsageError(`no station database in ${dataDir}`)
  }
  try {
    const file = await backupDatabase(db, backupsDir(dataDir), 'manual', io.now())
    io.stdout(values.json ? JSON.stringify({ backup: file }) : `database backed up to ${file}`)
    return 0
  } finally {
    db.close()
  }
}

/** `mfc-station restore FILE`: only with the station stopped, keeping the replaced database as a backup. */
export async function restoreCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv)
  if (values.help) return (io.stdout(backupUsage), 0)
  const [file, ...extra] = positionals
  if (file === undefined || extra.length > 0) throw new UsageError('restore takes one backup FILE')
  const config = configOf(io, values['data-dir'])
  const { dataDir } = config
  const pid = await runningStationPid(dataDir)
  if (pid !== undefined) throw new UsageError(`a station (process ${pid}) is running on ${dataDir}: stop it first`)
  const result = await restoreDatabase(file, dataDir, io.now())
  const anchor = await reanchor(config, io.now())
  if (values.json) io.stdout(JSON.stringify({ ...result, anchor }))
  else
    io.stdout(
      `database restored from ${result.restoredFrom}` +
        (result.previousSavedAs ? ` (the replaced one is saved as ${result.previousSavedAs})` : '') +
        `; ${anchor}`,
    )
  return 0
}
