import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Clock, TimerHandle } from '../clock.js'

export type FileWatcher = { close(): void }
/** Calls `onChange` (debounced) when any of `paths` is written, replaced or removed. */
export type WatchFiles = (paths: readonly string[], onChange: () => void) => FileWatcher

/**
 * Watches the directories rather than the files: tools (certbot, editors, `mv`) replace a file by
 * renaming a new one over it, and a watch on the old inode would never fire again. A burst of
 * events (key and certificate written one after the other) becomes one call after `debounceMs`.
 */
export function createFileWatcher(clock: Clock, debounceMs = 300): WatchFiles {
  return (paths, onChange) => {
    let timer: TimerHandle | undefined
    const cancelPending = () => {
      if (timer) clock.clearTimeout(timer)
    }
    const byDirectory = new Map<string, Set<string>>()
    for (const path of paths)
      byDirectory.set(dirname(path), (byDirectory.get(dirname(path)) ?? new Set()).add(basename(path)))
    const watchers: FSWatcher[] = [...byDirectory].map(([directory, names]) =>
      watch(directory, { persistent: false }, (_event, filename) => {
        if (filename !== null && !names.has(filename.toString())) return
        cancelPending()
        timer = clock.setTimeout(onChange, debounceMs)
      }).on('error', () => {
        // A vanished directory is reported by the next reload's validation, not here.
      }),
    )
    return {
      close() {
        cancelPending()
        for (const watcher of watchers) watcher.close()
      },
    }
  }
}
