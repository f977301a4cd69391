import { constants } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The data dir cannot hold the station's files: worded for the operator, one line (docs/operations.md). */
export class DataDirError extends Error {
  override name = 'DataDirError'
}

const reasons: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file is in the way',
}

const remedy = 'point --data-dir (or MFC_DATA_DIR) at a writable folder, or fix its permissions or mount'

function refused(dir: string, what: string, error: unknown): DataDirError {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  return new DataDirError(`data dir ${dir}: ${what} (${reasons[code] ?? (code || String(error))}); ${remedy}`)
}

/**
 * Creates the data dir (0700) and proves it writable before anything else touches it, so a read-only or
 * full disk is one clear line instead of a stack trace from whichever file came first. Returns warnings
 * for a data dir other users can read: it holds password hashes, token HMACs and the audit log.
 */
export async function prepareDataDir(dir: string): Promise<{ warnings: string[] }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw refused(dir, 'cannot create it', error)
  }
  const probe = join(dir, `.write-probe-${process.pid}`)
  try {
    await writeFile(probe, '', { mode: 0o600, flag: 'w' })
    await rm(probe, { force: true })
    await mkdir(join(dir, 'logs'), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw refused(dir, 'cannot write to it', error)
  }
  const { mode } = await stat(dir)
  const open = mode & (constants.S_IRWXG | constants.S_IRWXO)
  if (open === 0) return { warnings: [] }
  const shown = (mode & 0o777).toString(8).padStart(3, '0')
  return {
    warnings: [
      `SECURITY WARNING: data dir ${dir} is accessible to other users (mode ${shown}); run: chmod 700 ${dir}`,
    ],
  }
}
