import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { wrk } from './measure.js'
import { stationServeArgs, startReadyProcess, stopProcess } from './processes.js'

// What the whole access chain costs: the station (headers, Host allow-list, IP rules, principal,
// rate limits, body checks, CSRF, audit hook, RBAC) against an empty express + helmet app, in one run,
// same certificate, same machine. Target (issue 4): >= 0.9x of the empty app, p99 <= 15 ms at 64 conns.
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    'no-auto-start': { type: 'boolean', default: false },
  },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const dist = fileURLToPath(new URL('..', import.meta.url))

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-auth-bench-'))
const token = `mfc_${randomBytes(32).toString('base64url')}`
// Limits far above what wrk can send, so the limiter is in the chain (and counts) but never refuses.
const env = {
  ...process.env,
  MFC_API_TOKEN: token,
  MFC_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
  MFC_SECRETS: 'file',
  MFC_RATE_LIMIT_ANONYMOUS: '1000000000',
  MFC_RATE_LIMIT_AUTHENTICATED: '1000000000',
}
const station = await startReadyProcess(
  stationServeArgs(
    dataDir,
    process.argv.slice(2).filter((arg) => arg === '--no-auto-start'),
  ),
  env,
)
const express = await startReadyProcess([join(dist, 'bench/bare-server.js'), 'express', join(dataDir, 'tls')])

type Row = { measure: string; station: number; express: number; unit: string }
const rows: Row[] = []
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!
try {
  const options = { connections, threads: 2, seconds }
  const auth = [`Authorization: Bearer ${token}`]
  // Warm-up: JIT, TLS session set-up and the token cache.
  await wrk(`${station.url}/api/v1/simulation`, { ...options, seconds: 2, headers: auth })
  await wrk(`${express.url}/api/v1/health`, { ...options, seconds: 2 })
  // Interleaved rounds, medians reported: a load spike on a shared machine hits all three, not one.
  const rounds: Array<{
    baseline: Awaited<ReturnType<typeof wrk>>
    health: Awaited<ReturnType<typeof wrk>>
    simulation: Awaited<ReturnType<typeof wrk>>
  }> = []
  for (let round = 0; round < 3; round++) {
    rounds.push({
      baseline: await wrk(`${express.url}/api/v1/health`, options),
      health: await wrk(`${station.url}/api/v1/health`, options),
      simulation: await wrk(`${station.url}/api/v1/simulation`, { ...options, headers: auth }),
    })
  }
  const pick = (key: 'baseline' | 'health' | 'simulation', measure: 'requestsPerSecond' | 'p99Ms') =>
    median(rounds.map((round) => round[key][measure]))
  rows.push({
    measure: `GET /api/v1/health (anonymous), ${connections} conns`,
    station: pick('health', 'requestsPerSecond'),
    express: pick('baseline', 'requestsPerSecond'),
    unit: 'req/s',
  })
  rows.push({
    measure: 'GET /api/v1/health p99',
    station: pick('health', 'p99Ms'),
    express: pick('baseline', 'p99Ms'),
    unit: 'ms',
  })
  rows.push({
    measure: `GET /api/v1/simulation (bearer token), ${connections} conns`,
    station: pick('simulation', 'requestsPerSecond'),
    express: pick('baseline', 'requestsPerSecond'),
    unit: 'req/s',
  })
  rows.push({
    measure: 'GET /api/v1/simulation p99',
    station: pick('simulation', 'p99Ms'),
    express: pick('baseline', 'p99Ms'),
    unit: 'ms',
  })
} finally {
  await stopProcess(station.child)
  await stopProcess(express.child)
  rmSync(dataDir, { recursive: true, force: true })
}

const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2))
console.log(
  `\nnode dist/bench/auth-bench.js --seconds ${seconds} --connections ${connections}${values['no-auto-start'] ? ' --no-auto-start' : ''}   (medians of 3 interleaved rounds; ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`,
)
console.log('| measure | station (full chain) | empty express + helmet | station / express |')
console.log('|---|---:|---:|---:|')
for (const row of rows)
  console.log(
    `| ${row.measure} | ${format(row.station)} ${row.unit} | ${format(row.express)} ${row.unit} | ${(row.station / row.express).toFixed(2)}x |`,
  )
