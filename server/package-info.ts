import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding the station's package.json, found from this module whether it runs from source or from dist/. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mfc-station'
    )
      return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`mfc-station package.json not found above ${from}`)
    dir = parent
  }
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
}

/** Where `npm run build` puts the bundled UI. */
export function builtRendererDir(root = packageRoot()): string {
  return join(root, 'dist', 'renderer')
}
