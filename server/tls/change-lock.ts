import { TlsBusyError } from './tls-errors.js'

/** Never two certificate changes at once: renewals, imports and watcher reloads all pass here. */
export type ChangeLock = {
  /** Runs `operation`, or rejects with TlsBusyError while another one runs. */
  exclusive<T>(operation: () => Promise<T>): Promise<T>
  /** True while a change runs (the status reports it as renewal.inProgress). */
  busy(): boolean
}

/** A lock that refuses instead of queueing: a second change asked for meanwhile is the caller's to retry. */
export function createChangeLock(): ChangeLock {
  let busy = false
  return {
    async exclusive(operation) {
      if (busy) throw new TlsBusyError()
      busy = true
      try {
        return await operation()
      } finally {
        busy = false
      }
    },
    busy: () => busy,
  }
}
