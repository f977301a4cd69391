import { readFileSync } from 'node:fs'
import { WebSocket } from 'ws'

/*
 * One load-generator process of the stream benchmark: opens N WSS clients, then for S seconds records
 * every telemetry frame's delivery latency (receive time minus the sender's wallTimeMs stamp; same
 * machine, same clock) and sequence gaps, and prints one JSON line. Run by stream-bench.ts, two of
 * these at a time, so the clients do not share the station's process.
 * Usage: node stream-clients.js URL CLIENTS SECONDS CA_FILE [BEARER_TOKEN]
 */
const [url, clientsArg, secondsArg, caFile, token] = process.argv.slice(2)
if (!url || !clientsArg || !secondsArg || !caFile)
  throw new Error('usage: stream-clients.js URL CLIENTS SECONDS CA_FILE [TOKEN]')
const clients = Number(clientsArg)
const seconds = Number(secondsArg)
const ca = readFileSync(caFile, 'utf8')
const now = () => performance.timeOrigin + performance.now()

// The frame's leading fields, read without parsing the whole message: the same cost for the station and the baseline.
const stamp = /"seq":(\d+),"simTimeS":[^,]*,"wallTimeMs":([\d.]+)/

const latencies: number[] = []
const spans: Array<() => number> = []
let gaps = 0
let recording = false
let minSeq = Infinity
let maxSeq = -Infinity
/** Per client, the frames its first and last recorded sequence numbers span: what it should have received. */

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url!, {
      ca,
      perMessageDeflate: false,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    })
    let lastSeq: number | undefined
    let firstRecorded: number | undefined
    let lastRecorded: number | undefined
    spans.push(() => (firstRecorded === undefined ? 0 : lastRecorded! - firstRecorded + 1))
    ws.on('message', (data) => {
      const match = stamp.exec(String(data))
      if (!match) return
      const seq = Number(match[1])
      if (recording) {
        latencies.push(now() - Number(match[2]))
        if (lastSeq !== undefined && seq > lastSeq + 1) gaps += seq - lastSeq - 1
        if (seq < minSeq) minSeq = seq
        if (seq > maxSeq) maxSeq = seq
        firstRecorded ??= seq
        lastRecorded = seq
      }
      lastSeq = seq
    })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

// Connect in waves so the handshakes do not all land in one instant.
const sockets: WebSocket[] = []
for (let i = 0; i < clients; i += 50)
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, clients - i) }, open))))
process.stdout.write(`${JSON.stringify({ event: 'connected' })}\n`)
// Wait for the go signal (stdin line) so every worker records the same window.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
recording = true
const started = now()
await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
recording = false
const elapsedS = (now() - started) / 1000
for (const ws of sockets) ws.terminate()
const spanned = spans.reduce((n, span) => n + span(), 0)
latencies.sort((a, b) => a - b)
const pick = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN
// A pipe is written asynchronously: exit only once the (large) result line is out.
process.stdout.write(
  `${JSON.stringify({ event: 'result', clients, frames: latencies.length, expected: spanned, gaps, elapsedS, producedFrames: maxSeq - minSeq + 1, latencies: latencies.map((v) => Math.round(v * 100) / 100), p50: pick(0.5), p99: pick(0.99) })}\n`,
  () => process.exit(0),
)
