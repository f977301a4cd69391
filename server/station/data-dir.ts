import { constants } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
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
    warnings: [`SECURITY WARNING: data dir ${dir} is accessible to other users (mode ${shown}); run: chmod 700 ${dir}`],
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Claims the data dir for this process (`station.pid`): two stations writing one database would corrupt
 * each other's view of it, and `mfc-station restore` must know whether a station is running. A lock left
 * by a process that no longer exists (kill -9) is taken over.
 */
export async function lockDataDir(
  dir: string,
): Promise<{ release(): Promise<void>; announce(url: string): Promise<void> }> {
  const file = join(dir, 'station.pid')
  const holder = (await readDataDirLock(dir))?.pid
  if (holder !== undefined && holder !== process.pid && alive(holder))
    throw new DataDirError(`data dir ${dir} is in use by station process ${holder}; stop it or choose another data dir`)
  await writeFile(file, `${process.pid}\n`, { mode: 0o600 })
  return {
    async release() {
      if ((await readDataDirLock(dir))?.pid === process.pid) await rm(file, { force: true })
    },
    /** Adds the URL the station listens on, for the operations CLI (docs/operations.md "Operations CLI"). */
    async announce(url) {
      await writeFile(file, `${process.pid}\n${url}\n`, { mode: 0o600 })
    },
  }
}

/** The PID of the station that holds the data dir, if one is running. */
export async function runningStationPid(dir: string): Promise<number | undefined> {
  return (await runningStation(dir))?.pid
}

/** The station that holds the data dir, if one is running: its PID and, once it listens, its URL. */
export async function runningStation(dir: string): Promise<{ pid: number; url?: string } | undefined> {
  const lock = await readDataDirLock(dir)
  return lock !== undefined && alive(lock.pid) ? lock : undefined
}

async function readDataDirLock(dir: string): Promise<{ pid: number; url?: string } | undefined> {
  const [pidLine = '', url] = (await readFile(join(dir, 'station.pid'), 'utf8').catch(() => '')).split('\n')
  const pid = Number.parseInt(pidLine, 10)
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  return url ? { pid, url } : { pid }
}
