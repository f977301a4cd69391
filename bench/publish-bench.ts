import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startMosquitto } from '../server/testing/mosquitto.js'
import { subscribeMqtt, type MqttSubscriber } from '../server/testing/mqtt-subscriber.js'
import { startPublishingStation } from '../server/testing/publishing-station.js'
import { decodePayload } from '../server/publish/sparkplug/payload.js'

/*
 * Sparkplug publishing of a large stack (docs/benchmarks.md "Publishing"): a station process with an
 * N-cell stack at 10 Hz publishing every metric of every frame as DDATA (no rate limit, no deadband:
 * the worst case), against a bare mqtt.js publisher of the same payloads, into one Debian mosquitto,
 * measured by one subscriber in the same run. Station and baseline alternate in rounds.
 * Reproduce: npx tsc -b && node dist/bench/publish-bench.js --cells 256 --seconds 10 --rounds 2
 */
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '256' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
  },
})
const cells = Number(values.cells)
const seconds = Number(values.seconds)
const rounds = Number(values.rounds)
const TICK_HZ = 10
const dist = fileURLToPath(new URL('..', import.meta.url))

type Window = { messages: number; metrics: number; latencies: number[]; cpuSeconds: number }

/** utime + stime of a process in seconds (proc(5), /proc/PID/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** What the subscriber receives on `topic` during `seconds`, and the publisher's CPU meanwhile. */
async function measure(subscriber: MqttSubscriber, topic: string, pid: number): Promise<Window> {
  const from = subscriber.messages.length
  const cpuBefore = cpuSeconds(pid)
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const cpu = cpuSeconds(pid) - cpuBefore
  const window = subscriber.messages.slice(from).filter((message) => message.topic === topic)
  const decoded = window.map((message) => ({ message, payload: decodePayload(message.payload) }))
  return {
    messages: window.length,
    metrics: decoded.reduce((sum, { payload }) => sum + payload.metrics.length, 0),
    latencies: decoded.map(({ message, payload }) => message.receivedAtMs - (payload.timestamp ?? 0)),
    cpuSeconds: cpu,
  }
}

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? NaN
const merge = (windows: Window[]): Window => ({
  messages: windows.reduce((s, w) => s + w.messages, 0),
  metrics: windows.reduce((s, w) => s + w.metrics, 0),
  latencies: windows.flatMap((w) => w.latencies),
  cpuSeconds: windows.reduce((s, w) => s + w.cpuSeconds, 0),
})

function startBare(url: string, topic: string, file: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(dist, 'bench', 'bare-sparkplug-publisher.js'), url, topic, file, String(TICK_HZ)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`bare publisher exited with ${code}`)))
  })
}
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-publish-bench-'))
  const broker = await startMosquitto()
  const subscriber = await subscribeMqtt(broker.url, ['spBv1.0/bench/DDATA/#'])
  const scenario = join(dir, 'scenario.json')
  writeFileSync(scenario, JSON.stringify({ name: `bench-${cells}`, stack: { cells, wiring: 'series' } }))
  const station = await startPublishingStation(
    { url: broker.url, mode: 'sparkplug', groupId: 'bench', edgeNodeId: 'station', rates: { maxHz: 0 } },
    { dataDir: join(dir, 'station'), env: { MFC_SIM_SCENARIO: scenario } },
  )
  const stationTopic = 'spBv1.0/bench/DDATA/station/stack1'
  await subscriber.waitFor(
    'station data',
    () => subscriber.messages.filter((m) => m.topic === stationTopic).length >= 20,
    60_000,
  )
  // The baseline sends what the station sent: its full DDATA payloads, every metric of a frame.
  const full = subscriber.messages.filter(
    (m) => m.topic === stationTopic && decodePayload(m.payload).metrics.length > cells,
  )
  const payloads = join(dir, 'payloads.txt')
  writeFileSync(
    payloads,
    full
      .slice(-20)
      .map((m) => m.payload.toString('base64'))
      .join('\n'),
  )
  const bareTopic = 'spBv1.0/bench/DDATA/bare/stack1'
  const stationWindows: Window[] = []
  const bareWindows: Window[] = []
  try {
    for (let round = 0; round < rounds; round += 1) {
      stationWindows.push(await measure(subscriber, stationTopic, station.child.pid!))
      // The station pauses while the baseline runs, so neither takes CPU from the other's window.
      station.child.kill('SIGSTOP')
      const bare = await startBare(broker.url, bareTopic, payloads)
      bareWindows.push(await measure(subscriber, bareTopic, bare.pid!))
      await stop(bare)
      station.child.kill('SIGCONT')
      await subscriber.waitFor('the station again', () => subscriber.messages.at(-1)?.topic === stationTopic, 30_000)
    }
  } finally {
    await station.stop()
    await subscriber.close()
    await broker.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
  report(
    merge(stationWindows),
    merge(bareWindows),
    decodePayload(full.at(-1)!.payload).metrics.length,
    full.at(-1)!.payload.length,
  )
}

function report(station: Window, bare: Window, metricsPerFrame: number, payloadBytes: number) {
  const total = seconds * rounds
  const rows: Array<[string, (w: Window) => number, number]> = [
    ['DDATA messages/s received', (w) => w.messages / total, 1],
    ['metrics/s received', (w) => w.metrics / total, 0],
    ['end-to-end latency p99 (ms)', (w) => p99(w.latencies), 1],
    ['process CPU (% of one core)', (w) => (100 * w.cpuSeconds) / total, 1],
  ]
  console.log(
    `\nnode dist/bench/publish-bench.js --cells ${cells} --seconds ${seconds} --rounds ${rounds}   (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${cells} cells at ${TICK_HZ} Hz, ${metricsPerFrame} metrics and ${payloadBytes} bytes per DDATA, QoS 1, Debian mosquitto on loopback)\n`,
  )
  console.log('| measure | station (simulation + Sparkplug + outbox) | bare mqtt.js, same payloads | station / bare |')
  console.log('|---|---:|---:|---:|')
  for (const [name, read, digits] of rows) {
    const [a, b] = [read(station), read(bare)]
    console.log(`| ${name} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(a / b).toFixed(2)} |`)
  }
}

await main()
