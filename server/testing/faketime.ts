import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Debian's libfaketime (package faketime), wherever the architecture puts it. */
function libfaketime(): string | undefined {
  const lib = '/usr/lib'
  const triplets = existsSync(lib) ? readdirSync(lib) : []
  return triplets.map((dir) => join(lib, dir, 'faketime', 'libfaketime.so.1')).find((path) => existsSync(path))
}

/** Why a station process cannot run on a faked clock here, or undefined when it can. */
export function faketimeUnavailable(): string | undefined {
  return libfaketime() === undefined ? 'libfaketime (Debian package faketime)' : undefined
}

/**
 * The environment that runs a station process on a moved wall clock (libfaketime preloaded into the
 * process itself, not the `faketime` wrapper, so stopping it by PID stops the station). Timers keep the
 * real monotonic clock, as they do on a machine whose clock the operator or NTP steps.
 */
export function fakeClockEnv(offset: string): Record<string, string> {
  const preload = libfaketime()
  if (preload === undefined) throw new Error(`no ${faketimeUnavailable()}`)
  return { LD_PRELOAD: preload, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
}

/**
 * A clock the test steps while the station runs: libfaketime reads the offset from `file` on every call
 * (`+400d`, `-10d`, `+0`).
 */
export function steppableClock(file: string) {
  writeFileSync(file, '+0\n')
  const preload = libfaketime()
  if (preload === undefined) throw new Error(`no ${faketimeUnavailable()}`)
  return {
    env: {
      LD_PRELOAD: preload,
      FAKETIME_TIMESTAMP_FILE: file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    step: (offset: string) => writeFileSync(file, `${offset}\n`),
  }
}
