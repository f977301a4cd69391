/** A device that did not answer within its timeout (counted apart from other errors). */
export class InstrumentTimeoutError extends Error {
  override name = 'InstrumentTimeoutError'
}

/** An address or URI that the device's protocol cannot read; raised while the channel map is compiled. */
export class AddressError extends Error {
  override name = 'AddressError'
}

/** The message of anything thrown, for status and events. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message)
  return String(error)
}
