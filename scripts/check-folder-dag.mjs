// The folder graph of server/ must be acyclic (docs/architecture.md "Layers"): dependency-cruiser checks
// module cycles, this checks cycles between feature folders, which module-level checks cannot see
// (a -> b in one file, b -> a in another). Reads dependency-cruiser's JSON on stdin.
import { readFileSync } from 'node:fs'

const result = JSON.parse(readFileSync(0, 'utf8'))
const folderOf = (path) => /^server\/([^/]+)\//.exec(path)?.[1]
const isProduction = (path) => !/\.test\.tsx?$/.test(path) && !path.includes('/testing/')
const edges = new Map()
for (const module of result.modules) {
  const from = folderOf(module.source)
  if (!from || !isProduction(module.source)) continue
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved)
    if (!to || to === from) continue
    if (!edges.has(from)) edges.set(from, new Map())
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} -> ${dependency.resolved}`)
  }
}
const state = new Map()
const cycles = []
const visit = (folder, trail) => {
  state.set(folder, 'visiting')
  for (const [next, example] of edges.get(folder) ?? []) {
    if (state.get(next) === 'visiting') {
      const start = trail.findIndex((step) => step.folder === next)
      cycles.push([...trail.slice(start), { folder, example }].map((step) => step.example ?? step.folder))
    } else if (!state.has(next)) visit(next, [...trail, { folder, example }])
  }
  state.set(folder, 'done')
}
for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder, [])
if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`folder cycle in server/: ${cycle.join('  =>  ')}`)
  process.exit(1)
}
console.log(`server/ folder graph: ${edges.size} folders with dependencies, no cycle`)
