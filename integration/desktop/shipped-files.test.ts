import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js'
import { getConfig } from 'app-builder-lib/out/util/config/config.js'
import type { Configuration } from 'app-builder-lib'
import { walk } from 'builder-util'
import { packageRoot } from '../../server/index.js'

// What `npm run dist` would put into the app, computed with electron-builder's own file matchers from
// build/electron-builder.yml and applied to the built dist/ (docs/architecture-desktop.md "What ships").
// Production node_modules are collected separately by electron-builder and are not judged here.
const root = packageRoot()
const config = await getConfig(root, join(root, 'build', 'electron-builder.yml'), null)

/** Every project file the configuration's `files`, `extraFiles` and `extraResources` select, on any platform. */
async function packagedFiles(configuration: Configuration): Promise<string[]> {
  const files = new Set<string>()
  for (const platform of [configuration.linux, configuration.win, configuration.mac]) {
    for (const name of ['files', 'extraFiles', 'extraResources'] as const) {
      const matchers = getFileMatchers(configuration, name, '/app', {
        // The patterns use no ${...} macros, so expanding them changes nothing.
        macroExpander: (pattern) => pattern,
        customBuildOptions: platform ?? {},
        globalOutDir: join(root, configuration.directories?.output ?? 'dist'),
        defaultSrc: root,
      })
      for (const matcher of matchers ?? []) {
        for (const file of await walk(matcher.from, matcher.createFilter())) files.add(toPosix(relative(root, file)))
      }
    }
  }
  return [...files].filter(builtFromCurrentSources).sort()
}

const toPosix = (path: string) => path.split(sep).join('/')

/**
 * `npm run dist` builds into an empty dist/, so compiler output whose source is gone (a file renamed in a
 * long-lived checkout) never ships; only what today's sources produce is judged.
 */
function builtFromCurrentSources(file: string): boolean {
  const output = /^dist\/(server|electron)\/(.+)\.(js|cjs|d\.ts|d\.cts|js\.map|cjs\.map)$/.exec(file)
  if (!output) return true
  const source = join(root, output[1]!, output[2]!)
  return ['.ts', '.cts'].some((extension) => existsSync(source + extension))
}

// The oracle: what a test-only or debugging file looks like, independent of the configuration under test.
const testOnly: Array<[kind: string, pattern: RegExp]> = [
  ['testing/ folder', /(^|\/)testing\//],
  ['test file', /\.(test|spec|e2e)\.[cm]?[jt]sx?$/],
  ['test double or fixture', /(^|\/)(fake|mock|stub)-[^/]*$|fixture/],
  ['e2e or integration code', /(^|\/)(e2e|integration)\//],
  ['source map', /\.map$/],
]

function testOnlyFiles(files: string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const [kind, pattern] of testOnly) {
    const matching = files.filter((file) => pattern.test(file))
    if (matching.length > 0) found[kind] = matching
  }
  return found
}

describe('what the installers ship', () => {
  it('is built from an empty dist/', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(manifest.scripts['dist']).toMatch(
      /^node -e "require\('node:fs'\)\.rmSync\('dist', .*\)" && npm run build && /,
    )
  })

  it('holds the entry points, the UI and the resources', async () => {
    const files = await packagedFiles(config)
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/main.js',
        'dist/electron/preload.cjs',
        'dist/server/index.js',
        'dist/server/cli/main.js',
        'dist/renderer/index.html',
        'resources/tray/running.png',
        'resources/policies/default-5-cell.json',
        'dist/server/policies/training-worker.js',
      ]),
    )
  })

  it('holds no test double, testing/ folder, test file, e2e or integration file, or source map', async () => {
    expect(testOnlyFiles(await packagedFiles(config))).toEqual({})
  })

  it('would hold them without the exclusions (the check is real)', async () => {
    // getConfig hands `files` back as file sets; keep each set's inclusions only.
    const fileSets = config.files as Array<{ filter: string[] }>
    const files = fileSets.map((set) => ({ ...set, filter: set.filter.filter((pattern) => !pattern.startsWith('!')) }))
    const inclusive: Configuration = { ...config, files }
    const found = testOnlyFiles(await packagedFiles(inclusive))
    expect(found['testing/ folder']).toContain('dist/electron/testing/fake-electron.js')
    expect(found['testing/ folder']?.filter((file) => file.startsWith('dist/server/'))).not.toEqual([])
    expect(found['test file']).toEqual(expect.arrayContaining(['dist/electron/ipc.test.js']))
    expect(found['source map']).toEqual(expect.arrayContaining(['dist/electron/main.js.map']))
  })
})
