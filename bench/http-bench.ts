import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { streamDelivery, wrk } from './measure.js'

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

async function startProcess(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { event?: string; url?: string }
      if (message.event === 'ready' && message.url) resolve(message.url)
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
  return { url, child }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-bench-'))
const station = await startProcess([join(dist, 'server/cli/main.js'), 'serve', '--ready-json', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'])
const bare = await startProcess([join(dist, 'bench/bare-server.js'), 'node', join(dataDir, 'tls')])
const bareExpress = await startProcess([join(dist, 'bench/bare-server.js'), 'express', join(dataDir, 'tls')])
const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8')

type Row = { measure: string; station: number; baseline: number; express?: number; unit: string }
const rows: Row[] = []
try {
  const path = '/api/v1/health'
  const keepAlive = { connections, threads: 2, seconds }
  const sKeep = await wrk(station.url + path, keepAlive)
  const bKeep = await wrk(bare.url + path, keepAlive)
  const eKeep = await wrk(bareExpress.url + path, keepAlive)
  rows.push({ measure: `GET ${path} keep-alive, ${connections} conns`, station: sKeep.requestsPerSecond, baseline: bKeep.requestsPerSecond, express: eKeep.requestsPerSecond, unit: 'req/s' })
  rows.push({ measure: `GET ${path} keep-alive p99`, station: sKeep.p99Ms, baseline: bKeep.p99Ms, express: eKeep.p99Ms, unit: 'ms' })

  const fresh = { connections: 16, threads: 2, seconds, closeEach: true }
  const sNew = await wrk(station.url + path, fresh)
  const bNew = await wrk(bare.url + path, fresh)
  const eNew = await wrk(bareExpress.url + path, fresh)
  rows.push({ measure: 'new TLS connections (one request each), 16 conns', station: sNew.requestsPerSecond, baseline: bNew.requestsPerSecond, express: eNew.requestsPerSecond, unit: 'conn/s' })

  const wss = (url: string) => `${url.replace('https:', 'wss:')}/api/v1/stream`
  const sStream = await streamDelivery(wss(station.url), { clients, seconds, ca, origin: station.url })
  const bStream = await streamDelivery(wss(bare.url), { clients, seconds, ca })
  rows.push({ measure: `WSS frame delivery p50, ${clients} clients at 10 Hz`, station: sStream.p50Ms, baseline: bStream.p50Ms, unit: 'ms' })
  rows.push({ measure: `WSS frame delivery p99, ${clients} clients at 10 Hz`, station: sStream.p99Ms, baseline: bStream.p99Ms, unit: 'ms' })
  rows.push({ measure: 'WSS frames lost (sequence gaps)', station: sStream.missed, baseline: bStream.missed, unit: 'frames' })
} finally {
  await Promise.all([stop(station.child), stop(bare.child), stop(bareExpress.child)])
  rmSync(dataDir, { recursive: true, force: true })
}

const format = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2))
console.log(`\nnpm run bench -- --seconds ${seconds} --connections ${connections} --clients ${clients}   (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`)
const ratio = (a: number, b: number | undefined) => (b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`)
console.log('| measure | station | bare Node (https / ws) | station / bare Node | empty express + helmet | station / express |')
console.log('|---|---:|---:|---:|---:|---:|')
for (const row of rows) {
  const express = row.express === undefined ? '-' : `${format(row.express)} ${row.unit}`
  console.log(`| ${row.measure} | ${format(row.station)} ${row.unit} | ${format(row.baseline)} ${row.unit} | ${ratio(row.station, row.baseline)} | ${express} | ${ratio(row.station, row.express)} |`)
}
