import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PemPair } from './self-signed.js'

let temporaryCount = 0

/** Write-then-rename, so a crash never leaves half a key or certificate behind; concurrent writers never share a temp file. */
export async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  temporaryCount += 1
  const temporary = `${path}.tmp-${process.pid}-${temporaryCount}`
  await writeFile(temporary, content, { mode })
  await chmod(temporary, mode)
  await rename(temporary, path)
}

/** The station's TLS directory: `<name>.key` (0600) and `<name>.crt` pairs plus `state.json`. */
export function createTlsFiles(dir: string) {
  const ensureDir = () => mkdir(dir, { recursive: true, mode: 0o700 })
  return {
    dir,
    /** The pair, or undefined when either file is missing; parsing is the caller's job. */
    async readPair(name: 'server' | 'ca'): Promise<PemPair | undefined> {
      try {
        const [keyPem, certPem] = await Promise.all([
          readFile(join(dir, `${name}.key`), 'utf8'),
          readFile(join(dir, `${name}.crt`), 'utf8'),
        ])
        return { keyPem, certPem }
      } catch {
        return undefined
      }
    },
    async writePair(name: 'server' | 'ca', pair: PemPair): Promise<void> {
      await ensureDir()
      // Key first: a crash between the writes leaves a key whose certificate does not match, which is refused and replaced.
      await writeAtomically(join(dir, `${name}.key`), pair.keyPem, 0o600)
      await writeAtomically(join(dir, `${name}.crt`), pair.certPem, 0o644)
    },
  }
}
export type TlsFiles = ReturnType<typeof createTlsFiles>
