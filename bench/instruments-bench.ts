import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:https'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { systemClock } from '../server/clock.js'
import { instrumentsStatusSchema } from '../server/contract/instruments.js'
import { instrumentMigrations } from '../server/instruments/module.js'
import { createSampleStore } from '../server/instruments/sample-store.js'
import { float32Registers, startModbusPeer } from '../server/instruments/testing/peers.js'
import { silentLogger } from '../server/logger.js'
import { telemetryMigrations } from '../server/recorder/schema.js'
import { createTelemetryRecorder } from '../server/recorder/recorder.js'
import { openDatabase } from '../server/store/database.js'
import { apiCall, bareModbusPolls, cpuSecondsOf, ingestBody } from './instrument-load.js'
import { startReadyProcess, stopProcess } from './processes.js'

// 256 float32 channels over Modbus TCP at 10 Hz against Debian's pymodbus, and HTTP ingest into the
// recorder, each beside its baseline measured in the same run (docs/benchmarks.md "Instruments").
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    'ingest-seconds': { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
  },
})
const seconds = Number(values.seconds)
const ingestSeconds = Number(values['ingest-seconds'])
const clients = Number(values.clients)
const CHANNELS = 256
const BATCH = 10_000
const dist = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'mfc-instruments-bench-'))
const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const peer = await startModbusPeer({ tcp: true })
for (let i = 0; i < CHANNELS; i += 64)
  await peer.set('ir', i * 2, Array.from({ length: 64 }, (_v, k) => float32Registers(0.3 + (i + k) / 1000)).flat())

const token = `mfc_${randomBytes(32).toString('base64url')}`
const config = join(dir, 'bench.json')
writeFileSync(
  config,
  JSON.stringify({
    source: 'hardware',
    instruments: {
      frameMs: 100,
      devices: [
        { id: 'logger', uri: `modbus-tcp://127.0.0.1:${peer.port}?unit=1`, pollMs: 100, timeoutMs: 500 },
        { id: 'pusher', uri: 'http-ingest:' },
      ],
      cells: Array.from({ length: CHANNELS }, (_v, i) => ({
        cell: i + 1,
        voltage: { device: 'logger', address: `input:${i * 2}:float32` },
      })),
    },
  }),
)
const stationEnv = {
  ...process.env,
  MFC_CONFIG: config,
  MFC_API_TOKEN: token,
  MFC_RATE_LIMIT_AUTHENTICATED: '100000000',
}
const station = await startReadyProcess(
  [join(dist, 'server/cli/main.js'), 'serve', '--ready-json', '--port', '0', '--data-dir', dir, '--secrets', 'file'],
  stationEnv,
)
const api = apiCall({
  url: station.url,
  token,
  ca: readFileSync(join(dir, 'tls', 'server.crt'), 'utf8'),
  agent: new Agent({ keepAlive: true, maxSockets: clients }),
})
const logger = async () =>
  instrumentsStatusSchema.parse(JSON.parse((await api('GET', '/api/v1/instruments')).body)).devices[0]!

/** The station polling 256 channels at 10 Hz: completed polls/s, missed deadlines, CPU. */
async function stationPolls() {
  while ((await logger()).state !== 'online') await sleep(100)
  await sleep(2000)
  const before = { device: await logger(), cpu: cpuSecondsOf(station.child.pid!), at: performance.now() }
  await sleep(seconds * 1000)
  const after = { device: await logger(), cpu: cpuSecondsOf(station.child.pid!), at: performance.now() }
  const elapsedS = (after.at - before.at) / 1000
  return {
    pollsPerS: (after.device.polls - before.device.polls) / elapsedS,
    missed: after.device.missedDeadlines - before.device.missedDeadlines,
    timeouts: after.device.timeouts - before.device.timeouts,
    cpuPct: ((after.cpu - before.cpu) / elapsedS) * 100,
  }
}

/** `clients` concurrent pushers of 10,000-sample batches for ingestSeconds: samples stored per second. */
async function ingestRate(): Promise<number> {
  let accepted = 0
  let next = 0
  const started = performance.now()
  const pusher = async () => {
    while (performance.now() - started < ingestSeconds * 1000) {
      const body = ingestBody('pusher', 1_000_000 + BATCH * next++, BATCH)
      const answer = await api('POST', '/api/v1/ingest', body)
      if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}: ${answer.body.slice(0, 200)}`)
      accepted += (JSON.parse(answer.body) as { accepted: number }).accepted
    }
  }
  await Promise.all(Array.from({ length: clients }, pusher))
  return accepted / ((performance.now() - started) / 1000)
}

/** Baselines without HTTP: the sample store's own batched insert, and the recorder's frame batches (rows/s). */
function insertBaselines(): { samplesPerS: number; recorderRowsPerS: number } {
  const samples = createSampleStore(openDatabase(join(dir, 'bare-samples.db'), instrumentMigrations))
  const batch = Array.from({ length: BATCH }, (_v, i) => ({ channel: `v${i % 8}`, t: i, value: (i % 1000) / 1000 }))
  let started = performance.now()
  let written = 0
  for (let round = 0; performance.now() - started < 3000; round += 1)
    written += samples.write(
      'pusher',
      batch.map((sample) => ({ ...sample, t: sample.t + round * BATCH })),
    )
  const samplesPerS = written / ((performance.now() - started) / 1000)
  const db = openDatabase(join(dir, 'bare-recorder.db'), telemetryMigrations)
  const recorder = createTelemetryRecorder({
    ...{ db, log: silentLogger, clock: systemClock, batchMs: 3_600_000 },
    describeRun: () => ({ source: 'hardware', name: 'bench', seed: 0, controller: 'fixed', cells: 16, config: {} }),
  })
  const cells = Array.from({ length: 16 }, () => ({ voltageV: 0.5, currentA: 0.001, powerW: 0.0005, alarms: [] }))
  started = performance.now()
  let frames = 0
  for (; performance.now() - started < 3000; frames += 1) {
    recorder.record({
      ...{ type: 'telemetry', source: 'hardware', runId: 'bench', seq: frames, simTimeS: frames / 10 },
      ...{ wallTimeMs: Date.now(), state: 'running', controller: 'fixed', cells, stack: {} },
    })
    if (frames % 1000 === 999) recorder.flush()
  }
  recorder.flush()
  const recorderRowsPerS = (frames * 17) / ((performance.now() - started) / 1000)
  recorder.close()
  return { samplesPerS, recorderRowsPerS }
}

try {
  const polled = await stationPolls()
  const bare = await bareModbusPolls(peer.port, 10, seconds)
  const bareMax = await bareModbusPolls(peer.port, 0, 3)
  const ingest = await ingestRate()
  const baselines = insertBaselines()
  console.log(
    `\nnode dist/bench/instruments-bench.js --seconds ${seconds} --ingest-seconds ${ingestSeconds} --clients ${clients}   (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`,
  )
  console.log('| measure | station | baseline | ratio |')
  console.log('|---|---:|---:|---:|')
  console.log(
    `| Modbus TCP, 256 float32 at 10 Hz: completed polls/s (baseline: bare modbus-serial loop, same 5 reads) | ${fmt(polled.pollsPerS, 2)} | ${fmt(bare.polls / seconds, 2)} | ${fmt(polled.pollsPerS / (bare.polls / seconds), 3)}x |`,
  )
  console.log(`| missed poll deadlines / timeouts in ${seconds} s | ${polled.missed} / ${polled.timeouts} | - | - |`)
  console.log(
    `| CPU at 10 Hz, % of one core (station: polling, 256-cell frames, recording, stream; baseline: the bare loop) | ${fmt(polled.cpuPct)} % | ${fmt((bare.cpuS / seconds) * 100)} % | ${fmt(polled.cpuPct / ((bare.cpuS / seconds) * 100), 2)}x |`,
  )
  console.log(`| pymodbus capacity: polls/s of the bare loop unthrottled | ${fmt(bareMax.polls / 3)} | - | - |`)
  console.log(
    `| HTTP ingest, ${clients} clients x ${BATCH}-sample batches: samples/s stored (baseline: sample store's batched insert, no HTTP) | ${fmt(ingest, 0)} | ${fmt(baselines.samplesPerS, 0)} | ${fmt(ingest / baselines.samplesPerS, 3)}x |`,
  )
  console.log(
    `| the recorder's batched insert of 16-cell frames, rows/s (same run) | - | ${fmt(baselines.recorderRowsPerS, 0)} | - |`,
  )
} finally {
  await stopProcess(station.child)
  await peer.stop()
  rmSync(dir, { recursive: true, force: true })
}
