import type { ControlLockService } from './control-lock.js'
import type { SessionStore } from './sessions.js'
import type { TokenStore } from './tokens.js'

export type RevocationDeps = {
  sessions: Pick<SessionStore, 'onRevoke'>
  tokens: Pick<TokenStore, 'onRevoke'>
  controlLock: Pick<ControlLockService, 'forget'>
}

export type RevocationNotifier = ReturnType<typeof createRevocationNotifier>

/**
 * One signal for every ended credential, "session:<id>" or "token:<id>" (the principal's key): the
 * control lock forgets its holder, then listeners hear it (open streams close with 1008).
 */
export function createRevocationNotifier({ sessions, tokens, controlLock }: RevocationDeps) {
  const listeners = new Set<(principalKey: string) => void>()
  const notify = (key: string) => {
    controlLock.forget(key)
    for (const listener of listeners) listener(key)
  }
  const unsubscribes = [
    sessions.onRevoke((id) => notify(`session:${id}`)),
    tokens.onRevoke((id) => notify(`token:${id}`)),
  ]
  return {
    /** Called with the principal key of each revoked credential; returns the unsubscribe. */
    onRevoked(listener: (principalKey: string) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** Stops listening to the stores and drops every listener. */
    close(): void {
      for (const unsubscribe of unsubscribes) unsubscribe()
      listeners.clear()
    },
  }
}
