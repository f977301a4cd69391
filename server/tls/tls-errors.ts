/** Another certificate change is running; the caller may retry when it is done. */
export class TlsBusyError extends Error {
  override name = 'TlsBusyError'
  constructor() {
    super('another certificate change is in progress')
  }
}

/** An operation that cannot be done in the current state (renewing an imported certificate, a failed ACME order). */
export class TlsOperationError extends Error {
  override name = 'TlsOperationError'
}

/** The message of anything thrown, for logs and alerts. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error))
