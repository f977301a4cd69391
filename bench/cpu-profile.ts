import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { SourceMapConsumer } from 'source-map-js'

/** One function's share of a CPU profile: self time, where it is, and its percentage of the sampled time. */
export type ProfileRow = { selfMs: number; pct: number; name: string; where: string }

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/**
 * Samples the page's main thread with the DevTools protocol's Profiler (V8's sampling profiler) for
 * `ms`, and returns the functions with the most self time, summed by function and place.
 */
export async function profilePage(page: Page, ms: number, top = 15, mapsDir?: string): Promise<ProfileRow[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  await page.waitForTimeout(ms)
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile }
  await cdp.detach()
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const place = sourcePlaces(mapsDir)
  const selfUs = new Map<string, { us: number; name: string; where: string }>()
  let totalUs = 0
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame
    const where = place(frame.url.split('/').at(-1) ?? '', frame.lineNumber, frame.columnNumber)
    const key = `${frame.functionName}@${where}`
    const delta = profile.timeDeltas[i] ?? 0
    totalUs += delta
    const row = selfUs.get(key) ?? { us: 0, name: frame.functionName || '(anonymous)', where }
    row.us += delta
    selfUs.set(key, row)
  })
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((row) => ({ selfMs: row.us / 1000, pct: (100 * row.us) / totalUs, name: row.name, where: row.where }))
}

/** Where a minified position comes from, by the bundle's source map in `mapsDir` (vite's `sourcemap: true`). */
function sourcePlaces(mapsDir: string | undefined): (file: string, line: number, column: number) => string {
  const consumers = new Map<string, SourceMapConsumer | undefined>()
  return (file, line, column) => {
    if (!consumers.has(file)) {
      let consumer: SourceMapConsumer | undefined
      try {
        if (mapsDir && file.endsWith('.js'))
          consumer = new SourceMapConsumer(readFileSync(`${mapsDir}/${file}.map`, 'utf8'))
      } catch {
        consumer = undefined
      }
      consumers.set(file, consumer)
    }
    const original = consumers.get(file)?.originalPositionFor({ line: line + 1, column })
    if (!original?.source) return `${file}:${line + 1}:${column + 1}`
    return `${original.source.replace(/^(\.\.\/)+/, '')}:${original.line}${original.name ? ` ${original.name}` : ''}`
  }
}
