import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { streamDelivery, wrk } from './measure.js'
import { stationServeArgs, startReadyProcess, stopProcess } from './processes.js'

// The station against bare Node baselines, each server in its own process, measured in one run.
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    clients: { type: 'string', default: '100' },
  },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const clients = Number(values.clients)

const dist = fileURLToPath(new URL('..', import.meta.url))

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-bench-'))
// The station as shipped, but with rate limits out of the way (a load generator is one client) and an
// operator token for the stream: the bench measures the chain's cost, not its refusals.
const token = `mfc_${randomBytes(32).toString('base64url')}`
const stationEnv = {
  ...process.env,
  MFC_RATE_LIMIT_ANONYMOUS: '100000000',
  MFC_RATE_LIMIT_AUTHENTICATED: '100000000',
  MFC_API_TOKEN: token,
}
const station = await startReadyProcess(stationServeArgs(dataDir, ['--secrets', 'file']), stationEnv)
const bare = await startReadyProcess([join(dist, 'bench/bare-server.js'), 'node', join(dataDir, 'tls')])
const bareExpress = await startReadyProcess([join(dist, 'bench/bare-server.js'), 'express', join(dataDir, 'tls')])
const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8')

type Row = { measure: string; station: number; baseline: number; express?: number; unit: string }
const rows: Row[] = []
try {
  const path = '/api/v1/health'
  const keepAlive = { connections, threads: 2, seconds }
  const sKeep = await wrk(station.url + path, keepAlive)
  const bKeep = await wrk(bare.url + path, keepAlive)
  const eKeep = await wrk(bareExpress.url + path, keepAlive)
  rows.push({
    measure: `GET ${path} keep-alive, ${connections} conns`,
    station: sKeep.requestsPerSecond,
    baseline: bKeep.requestsPerSecond,
    express: eKeep.requestsPerSecond,
    unit: 'req/s',
  })
  rows.push({
    measure: `GET ${path} keep-alive p99`,
    station: sKeep.p99Ms,
    baseline: bKeep.p99Ms,
    express: eKeep.p99Ms,
    unit: 'ms',
  })

  const fresh = { connections: 16, threads: 2, seconds, closeEach: true }
  const sNew = await wrk(station.url + path, fresh)
  const bNew = await wrk(bare.url + path, fresh)
  const eNew = await wrk(bareExpress.url + path, fresh)
  rows.push({
    measure: 'new TLS connections (one request each), 16 conns',
    station: sNew.requestsPerSecond,
    baseline: bNew.requestsPerSecond,
    express: eNew.requestsPerSecond,
    unit: 'conn/s',
  })

  const wss = (url: string) => `${url.replace('https:', 'wss:')}/api/v1/stream`
  const sStream = await streamDelivery(wss(station.url), { clients, seconds, ca, token })
  const bStream = await streamDelivery(wss(bare.url), { clients, seconds, ca })
  rows.push({
    measure: `WSS frame delivery p50, ${clients} clients at 10 Hz`,
    station: sStream.p50Ms,
    baseline: bStream.p50Ms,
    unit: 'ms',
  })
  rows.push({
    measure: `WSS frame delivery p99, ${clients} clients at 10 Hz`,
    station: sStream.p99Ms,
    baseline: bStream.p99Ms,
    unit: 'ms',
  })
  rows.push({
    measure: 'WSS frames lost (sequence gaps)',
    station: sStream.missed,
    baseline: bStream.missed,
    unit: 'frames',
  })
} finally {
  await Promise.all([stopProcess(station.child), stopProcess(bare.child), stopProcess(bareExpress.child)])
  rmSync(dataDir, { recursive: true, force: true })
}

const format = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2))
console.log(
  `\nnpm run bench -- --seconds ${seconds} --connections ${connections} --clients ${clients}   (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`,
)
const ratio = (a: number, b: number | undefined) => (b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`)
console.log(
  '| measure | station | bare Node (https / ws) | station / bare Node | empty express + helmet | station / express |',
)
console.log('|---|---:|---:|---:|---:|---:|')
for (const row of rows) {
  const express = row.express === undefined ? '-' : `${format(row.express)} ${row.unit}`
  console.log(
    `| ${row.measure} | ${format(row.station)} ${row.unit} | ${format(row.baseline)} ${row.unit} | ${ratio(row.station, row.baseline)} | ${express} | ${ratio(row.station, row.express)} |`,
  )
}
