import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Why this process cannot mount a small file system for a fault test, or undefined if it can. */
export function mountUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'root (to mount a size-capped tmpfs)'
  if (spawnSync('mount', ['--version']).status !== 0) return 'mount (Debian package mount)'
  return undefined
}

function run(args: string[]): void {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
}

export type TestMount = {
  dir: string
  /** Remounts read-only (a failing disk) or read-write again. */
  setReadOnly(readOnly: boolean): void
  unmount(): void
}

/** A tmpfs of `sizeKb` on a fresh temporary folder: a disk that fills up or turns read-only on demand. */
export function mountTmpfs(sizeKb: number): TestMount {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-fault-disk-'))
  run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir])
  return {
    dir,
    setReadOnly: (readOnly) => run(['mount', '-o', `remount,${readOnly ? 'ro' : 'rw'}`, dir]),
    unmount() {
      spawnSync('umount', ['-l', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
