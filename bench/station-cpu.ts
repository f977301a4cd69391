import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { writeStackScenario } from './stack-scenario.js'
import { stationServeArgs, startReadyProcess, stopProcess } from './processes.js'

// Where a pilot-scale station's CPU goes (docs/benchmarks.md "Pilot-scale station CPU"): a real
// station process with N cells at a frame rate, recording, and one stream client taking every frame;
// V8's sampling profiler (node --cpu-prof) in the station, each sample charged to the nearest
// server/<folder> frame on its stack (so a native call such as SQLite or JSON is charged to its caller).
// Reproduce: npx tsc -b && node dist/bench/station-cpu.js --cells 512 --hz 10 --seconds 20
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '512' },
    hz: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
  },
})
const cells = Number(values.cells)
const hz = Number(values.hz)
const seconds = Number(values.seconds)
const token = 'bench-station-cpu-token-0123456789abcdef'

type Frame = { functionName: string; url: string }
type Node = { id: number; callFrame: Frame; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-cpu-bench-'))
const profileDir = join(dataDir, 'profile')
const scenario = writeStackScenario(dataDir, cells, `cpu-${cells}`)

/** The component a stack of frames (leaf first) is charged to: the nearest server/<folder>, else what V8 names. */
function componentOf(stackFrames: readonly Frame[]): string {
  for (const frame of stackFrames) {
    const match = /\/dist\/server\/([^/]+)\//.exec(frame.url)
    if (match) return match[1]!
  }
  const leaf = stackFrames[0]!
  if (leaf.functionName.startsWith('(')) return leaf.functionName
  return leaf.url.includes('node_modules') ? 'libraries (no station frame)' : 'node internals'
}

/** Self time by component and leaf function, for the hot spots under the components. */
const hottest = new Map<string, number>()

/** Self time of the samples after `fromUs` (profile clock) by component, in ms. */
function byComponent(profile: Profile, fromUs: number): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  const cache = new Map<number, string>()
  const totals = new Map<string, number>()
  let atUs = profile.startTime
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas[i] ?? 0
    if (atUs < fromUs) return
    let component = cache.get(id)
    if (component === undefined) {
      const frames: Frame[] = []
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
        frames.push(nodes.get(at)!.callFrame)
      component = componentOf(frames)
      cache.set(id, component)
    }
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totals.set(component, (totals.get(component) ?? 0) + ms)
    const leaf = nodes.get(id)!.callFrame
    const place = `${component}: ${leaf.functionName || '(anonymous)'} ${leaf.url.split('/dist/').at(-1) ?? ''}`
    hottest.set(place, (hottest.get(place) ?? 0) + ms)
  })
  return totals
}

const station = await startReadyProcess(
  ['--cpu-prof', '--cpu-prof-dir', profileDir, ...stationServeArgs(dataDir, ['--secrets', 'file'])],
  { ...process.env, MFC_SIM_SCENARIO: scenario, MFC_SIM_TICK_HZ: String(hz), MFC_API_TOKEN: token },
)
let frames = 0
try {
  const client = new WebSocket(`${station.url.replace(/^https/, 'wss')}/api/v1/stream`, {
    rejectUnauthorized: false, // loopback, the station's own self-signed certificate
    headers: { authorization: `Bearer ${token}` },
  })
  client.on('message', (data) => String(data).startsWith('{"type":"telemetry"') && (frames += 1))
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject))
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  client.close()
} finally {
  await stopProcess(station.child)
}
const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'))!
const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile
rmSync(dataDir, { recursive: true, force: true })
// The window the client was connected: the profile's last `seconds` (start-up is not the steady state).
const wallMs = seconds * 1000
const rows = [...byComponent(profile, profile.endTime - wallMs * 1000)]
  .filter(([name]) => name !== '(idle)')
  .sort((a, b) => b[1] - a[1])
const busyMs = rows.reduce((sum, [, ms]) => sum + ms, 0)

console.log(
  `\nnode dist/bench/station-cpu.js --cells ${cells} --hz ${hz} --seconds ${seconds}   (${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}; ${frames} frames streamed, ${(frames / seconds).toFixed(1)} per s)\n`,
)
console.log(`Station process over the last ${seconds} s: ${((100 * busyMs) / wallMs).toFixed(0)} % of a core\n`)
console.log('| component (server/ folder) | % of a core | share of busy time |')
console.log('| --- | ---: | ---: |')
for (const [name, ms] of rows.slice(0, 12))
  console.log(`| ${name} | ${((100 * ms) / wallMs).toFixed(1)} | ${((100 * ms) / busyMs).toFixed(0)} % |`)
console.log('\nHottest functions (self time, charged to their component):\n')
for (const [place, ms] of [...hottest]
  .filter(([p]) => !p.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8))
  console.log(`- ${((100 * ms) / wallMs).toFixed(1)} % ${place}`)
