import { z } from 'zod'

/**
 * Whether `text` is printable: no C0 or C1 control characters (nor DEL), no bidirectional embedding,
 * override or isolate controls (U+202A-U+202E, U+2066-U+2069: they reorder what an operator reads
 * in a log line or a table, Unicode TR 36 "Bidirectional text spoofing"), and no lone UTF-16
 * surrogate (not a character at all, and not encodable as UTF-8 on the way out).
 */
export function isPrintableText(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return false
    if (code >= 0xdc00 && code <= 0xdfff) return false // a low surrogate without its high one
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false
      i += 1
    }
  }
  return true
}

/** A name an operator gives (a run, a scenario): printable text of at most `maxLength` UTF-16 units. */
export function printableName(maxLength: number) {
  return z.string().max(maxLength).refine(isPrintableText, {
    message:
      'must be printable text: no control characters, bidi controls (U+202A-U+202E, U+2066-U+2069) or lone surrogates',
  })
}
