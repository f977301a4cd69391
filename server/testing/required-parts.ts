/**
 * What a suite that needs real components (a root mount, faketime, nginx, a keychain) does when one is
 * missing (docs/testing.md "Real components"): under CI=true it fails naming the part, so CI can never
 * pass by skipping; on a developer machine it is skipped with the same reason printed.
 */
export function requiredParts(suite: string, missing: readonly string[]) {
  const inCi = process.env['CI'] === 'true'
  if (missing.length > 0 && !inCi) console.warn(`SKIPPING ${suite}: missing ${missing.join(', ')}`)
  return {
    /** For describe.skipIf: only outside CI. */
    skip: missing.length > 0 && !inCi,
    /** Call in beforeAll: throws under CI when a part is missing. */
    assertPresent(): void {
      if (missing.length > 0) throw new Error(`${suite} needs ${missing.join(', ')}`)
    },
  }
}
