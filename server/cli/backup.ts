import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { loadConfig } from '../config/load.js'
import { runningStationPid } from '../station/data-dir.js'
import { backupDatabase, backupsDir } from '../store/backups.js'
import { restoreDatabase } from '../store/restore.js'
import { UsageError } from './usage-error.js'

export const backupUsage = `Usage: mfc-station backup [--data-dir DIR] [--json]
       mfc-station restore FILE [--data-dir DIR] [--json]

backup   copies the station database (users, tokens, audit log, runs, telemetry) into <data dir>/backups,
         consistently, also while the station runs.
restore  replaces the database with a backup; the station must be stopped. The database it replaces is
         saved as a backup first.`

type Io = { env: NodeJS.ProcessEnv; stdout: (line: string) => void; now: () => number }

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
}

const dataDirOf = (io: Io, dataDir: string | undefined) =>
  loadConfig({ env: io.env, ...(dataDir === undefined ? {} : { flags: { dataDir } }) }).dataDir

/** `mfc-station backup`: an online backup of the live database (docs/operations.md "Database and backups"). */
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
  const dataDir = dataDirOf(io, values['data-dir'])
  const pid = await runningStationPid(dataDir)
  if (pid !== undefined) throw new UsageError(`a station (process ${pid}) is running on ${dataDir}: stop it first`)
  const result = await restoreDatabase(file, dataDir, io.now())
  if (values.json) io.stdout(JSON.stringify(result))
  else
    io.stdout(
      `database restored from ${result.restoredFrom}` +
        (result.previousSavedAs ? ` (the replaced one is saved as ${result.previousSavedAs})` : ''),
    )
  return 0
}
