import { AppError } from '../errors.js'

/** SQLite result codes that mean the storage, not the request, is at fault (https://sqlite.org/rescode.html). */
const STORAGE_CODES: Record<string, string> = {
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the database is not accepting writes',
  SQLITE_BUSY: 'the database is locked by another process',
  SQLITE_LOCKED: 'the database is locked',
  SQLITE_IOERR: 'the disk reported an I/O error',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
}

/**
 * A storage failure as the API reports it: 503, not a 500, because retrying later can succeed and nothing
 * about the request was wrong. Undefined for anything else. Extended codes (SQLITE_IOERR_WRITE) count too.
 */
export function storageRefusal(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined
  const base = Object.keys(STORAGE_CODES).find((known) => code === known || code.startsWith(`${known}_`))
  if (base === undefined) return undefined
  return new AppError('unavailable', `${STORAGE_CODES[base]} (${code}); see the station's health`, { storage: code })
}
