import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { stationServeArgs } from './processes.js'

/*
 * WSS fan-out: the station (authenticated token clients, full 10 Hz frames) against a bare `ws`
 * broadcast of the same frames (bare-stream.ts), measured in one run with the same client processes.
 * Each server runs in its own process; the clients run in `--workers` further processes.
 * Reproduce: npx tsc -b && node dist/bench/stream-bench.js --clients 1000,2000 --seconds 10 --rounds 2
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000,2000' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
  },
})
const clientCounts = values.clients.split(',').map(Number)
const seconds = Number(values.seconds)
const workers = Number(values.workers)
/** Station and baseline alternate in rounds of `seconds`, so drifting load on a shared machine hits both alike. */
const rounds = Number(values.rounds)
const TICK_HZ = 10
const TOKEN = 'stream-bench-token-0123456789abcdef'
const dist = fileURLToPath(new URL('..', import.meta.url))

type Child = { child: ChildProcess; lines: AsyncIterator<string> }
function start(args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env })
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() }
}
async function nextEvent(proc: Child, event: string): Promise<Record<string, unknown>> {
  for (;;) {
    const { value, done } = await proc.lines.next()
    if (done) throw new Error(`process ended before "${event}"`)
    const message = JSON.parse(value) as Record<string, unknown>
    if (message['event'] === event) return message
  }
}
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
function get(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { ca, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode} ${body}`)),
      )
    })
      .on('error', reject)
      .end()
  })
}

type Window = { latencies: number[]; frames: number; expected: number; gaps: number; producedHz: number }
type Measure = {
  p50: number
  p99: number
  max: number
  frames: number
  expected: number
  gaps: number
  producedHz: number
}

/** Merges the rounds of one target into percentiles and totals. */
function summarize(windows: Window[]): Measure {
  const all = windows.flatMap((w) => w.latencies).sort((a, b) => a - b)
  const pick = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))] ?? NaN
  const sum = (key: 'frames' | 'expected' | 'gaps') => windows.reduce((n, w) => n + w[key], 0)
  return {
    p50: pick(0.5),
    p99: pick(0.99),
    max: all.at(-1) ?? NaN,
    frames: sum('frames'),
    expected: sum('expected'),
    gaps: sum('gaps'),
    producedHz: Math.min(...windows.map((w) => w.producedHz)),
  }
}

/** Opens `clients` connections spread over the worker processes and records one common window. */
async function measure(url: string, clients: number, caFile: string, token?: string): Promise<Window> {
  const per = Math.ceil(clients / workers)
  const procs = Array.from({ length: workers }, (_v, i) =>
    start([
      join(dist, 'bench/stream-clients.js'),
      url,
      String(Math.min(per, clients - i * per)),
      String(seconds),
      caFile,
      ...(token ? [token] : []),
    ]),
  )
  try {
    await Promise.all(procs.map((proc) => nextEvent(proc, 'connected')))
    for (const proc of procs) proc.child.stdin!.write('go\n')
    const results = (await Promise.all(procs.map((proc) => nextEvent(proc, 'result')))) as Array<{
      clients: number
      latencies: number[]
      gaps: number
      frames: number
      expected: number
      producedFrames: number
      elapsedS: number
    }>
    return {
      latencies: results.flatMap((r) => r.latencies),
      frames: results.reduce((n, r) => n + r.frames, 0),
      // Each client should have every frame between the first and the last it received in the window.
      expected: results.reduce((n, r) => n + r.expected, 0),
      gaps: results.reduce((n, r) => n + r.gaps, 0),
      producedHz: Math.min(...results.map((r) => r.producedFrames / r.elapsedS)),
    }
  } finally {
    await Promise.all(procs.map((proc) => stop(proc.child)))
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-stream-bench-'))
// The station's defaults cap streams per address and per token at 256: the benchmark's one address and one token need more.
writeFileSync(
  join(dataDir, 'config.json'),
  JSON.stringify({
    telemetry: { stream: { maxConnectionsPerIp: 10_000, maxConnectionsPerToken: 10_000 } },
    http: { maxConnections: 20_000, maxConnectionsPerIp: 20_000 },
  }),
)
const station = start(stationServeArgs(dataDir, ['--tick-hz', String(TICK_HZ)]), {
  ...process.env,
  MFC_API_TOKEN: TOKEN,
  MFC_SECRETS: 'file',
})
const rows: string[] = []
let bare: Child | undefined
try {
  const stationUrl = String((await nextEvent(station, 'ready'))['url'])
  const caFile = join(dataDir, 'tls', 'server.crt')
  const ca = readFileSync(caFile, 'utf8')
  await new Promise((resolve) => setTimeout(resolve, 500))
  writeFileSync(join(dataDir, 'frame.json'), await get(`${stationUrl}/api/v1/telemetry/latest`, ca))
  bare = start([join(dist, 'bench/bare-stream.js'), join(dataDir, 'tls'), join(dataDir, 'frame.json'), String(TICK_HZ)])
  const bareUrl = String((await nextEvent(bare, 'ready'))['url'])
  const frameBytes = Buffer.byteLength(readFileSync(join(dataDir, 'frame.json')))
  const wss = (url: string) => `${url.replace('https:', 'wss:')}/api/v1/stream`

  const ms = (n: number) => `${n.toFixed(1)} ms`
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
  for (const clients of clientCounts) {
    const stationWindows: Window[] = []
    const bareWindows: Window[] = []
    for (let round = 0; round < rounds; round += 1) {
      stationWindows.push(await measure(wss(stationUrl), clients, caFile, TOKEN))
      bareWindows.push(await measure(wss(bareUrl), clients, caFile))
    }
    const s = summarize(stationWindows)
    const b = summarize(bareWindows)
    rows.push(`| ${clients} | p50 | ${ms(s.p50)} | ${ms(b.p50)} | ${ratio(s.p50, b.p50)} |`)
    rows.push(`| ${clients} | p99 | ${ms(s.p99)} | ${ms(b.p99)} | ${ratio(s.p99, b.p99)} |`)
    rows.push(`| ${clients} | max | ${ms(s.max)} | ${ms(b.max)} | ${ratio(s.max, b.max)} |`)
    rows.push(
      `| ${clients} | frames delivered / expected | ${s.frames} / ${s.expected} | ${b.frames} / ${b.expected} | - |`,
    )
    rows.push(`| ${clients} | sequence gaps | ${s.gaps} | ${b.gaps} | - |`)
    rows.push(
      `| ${clients} | frames produced per second (target ${TICK_HZ}) | ${s.producedHz.toFixed(2)} | ${b.producedHz.toFixed(2)} | - |`,
    )
  }
  console.log(
    `\nnode dist/bench/stream-bench.js --clients ${values.clients} --seconds ${seconds} --workers ${workers} --rounds ${rounds}   (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; full frames of ${frameBytes} bytes at ${TICK_HZ} Hz; station clients authenticate with a bearer token)\n`,
  )
  console.log('| clients | measure | station | bare ws broadcast | station / bare |')
  console.log('|---:|---|---:|---:|---:|')
  for (const row of rows) console.log(row)
} finally {
  await Promise.all([stop(station.child), ...(bare ? [stop(bare.child)] : [])])
  rmSync(dataDir, { recursive: true, force: true })
}
