import type { Clock, TimerHandle } from '../clock.js'
import type { AlertCenter } from './alert-center.js'
import { importedPaths, type Imported } from './imported-files.js'
import { errorMessage, TlsBusyError } from './tls-errors.js'
import type { FileWatcher, WatchFiles } from './watch-files.js'

/** Files that change while another certificate change runs are read again this much later, not dropped. */
const BUSY_RETRY_MS = 1000

/** Follows the files of the path-imported certificate being served, if any. */
export type ImportedWatch = {
  /** Watches these files from now on (null: none), replacing the previous watch. */
  follow(imported: Imported | null): void
  close(): void
}

/** Reloads a path-imported certificate when its files change; a change is validated before it is served. */
export function createImportedWatch(deps: {
  watchFiles: WatchFiles
  clock: Clock
  /** Reads, validates and serves the files; rejects with TlsBusyError while another change runs. */
  reload(imported: Imported): Promise<void>
  alerts: AlertCenter
}): ImportedWatch {
  let watcher: FileWatcher | undefined
  let retry: TimerHandle | undefined
  const reload = (imported: Imported) => {
    deps.reload(imported).catch((error: unknown) => {
      if (error instanceof TlsBusyError) retry = deps.clock.setTimeout(() => reload(imported), BUSY_RETRY_MS)
      else
        deps.alerts.raiseForServed({
          kind: 'reload-failed',
          severity: 'warning',
          message: `changed certificate files were not loaded, the previous certificate stays: ${errorMessage(error)}`,
        })
    })
  }
  return {
    follow(imported) {
      watcher?.close()
      watcher = imported ? deps.watchFiles(importedPaths(imported), () => reload(imported)) : undefined
    },
    close() {
      watcher?.close()
      if (retry) deps.clock.clearTimeout(retry)
    },
  }
}
