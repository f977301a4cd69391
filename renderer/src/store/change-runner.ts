import { describeError, needsReauth } from '../api/http-client'
import type { LogKind } from './event-log'

/** What a change ended as: shown next to the form that made it. */
export type Outcome = { ok: true } | { ok: false; reason: string }

export type ChangeDeps = {
  log: (kind: LogKind, text: string) => void
  /** Asks the user to confirm their password; false when they cancel. */
  reauthenticate?: () => Promise<boolean>
}

/**
 * Runs one change against the station: logged as accepted or refused (with the station's reason).
 * An accepted change the station announces itself (run state, controller, faults: a stream event
 * the log shows) is not logged again here, so each change appears once (`describe` returns
 * undefined for those). Hazardous changes want a fresh password entry: the user is asked once and
 * the change retried.
 */
export async function runChange<T>(
  deps: ChangeDeps,
  label: string,
  call: () => Promise<T>,
  describe: (result: T) => string | undefined = () => label,
): Promise<Outcome & { value?: T }> {
  try {
    const value = await call().catch(async (error: unknown) => {
      if (needsReauth(error) && deps.reauthenticate && (await deps.reauthenticate())) return call()
      throw error
    })
    const text = describe(value)
    if (text !== undefined) deps.log('change', text)
    return { ok: true, value }
  } catch (error) {
    const reason = describeError(error)
    deps.log('rejected', `${label} refused: ${reason}`)
    return { ok: false, reason }
  }
}
