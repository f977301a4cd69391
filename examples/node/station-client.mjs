#!/usr/bin/env node
// An MFC Station client (docs/api.md, docs/stream-protocol.md): health, the latest frame, a narrowed
// stream subscription, then an ingest batch read back from the instruments' status. Node 20+ and the
// `ws` package (npm install ws).
//   MFC_URL     the station (default https://127.0.0.1:8443)
//   MFC_TOKEN   an API token, e.g. from: mfc-station token create lab-script --role operator
//   MFC_CA      the station's certificate (default <data dir>/tls/server.crt); verification is never off
//   MFC_DEVICE  the HTTP push device of the station's configuration (default example-node, examples/README.md)
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { homedir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'

const url = (process.env.MFC_URL ?? 'https://127.0.0.1:8443').replace(/\/+$/, '')
const data = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share')
const ca = readFileSync(process.env.MFC_CA ?? join(data, 'mfc-station', 'tls', 'server.crt'), 'utf8')
const token = process.env.MFC_TOKEN
if (!token) {
  console.error('set MFC_TOKEN to an API token (mfc-station token create NAME)')
  process.exit(1)
}
const authorization = `Bearer ${token}`
const device = process.env.MFC_DEVICE ?? 'example-node'

/** One API call trusting exactly the station's certificate; rejects with the station's error message. */
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { authorization, ...(body ? { 'content-type': 'application/json' } : {}) }
    const req = request(`${url}${path}`, { method, headers, ca }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => {
        const answer = text ? JSON.parse(text) : null
        if (res.statusCode >= 400)
          reject(new Error(`${method} ${path} answered ${res.statusCode}: ${answer?.error?.message ?? text}`))
        else resolve(answer)
      })
    })
    req.on('error', reject)
    req.end(body ? JSON.stringify(body) : undefined)
  })
}

/** Subscribes to stack totals at 2 Hz and resolves with hello and the first `count` samples. */
function streamSamples(count) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('https://', 'wss://')}/api/v1/stream`, { headers: { authorization }, ca })
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('stream: no samples within 10 s'))), 10_000)
    let hello
    const samples = []
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw))
      if (message.type === 'hello') {
        hello = message
        ws.send(JSON.stringify({ type: 'subscribe', cells: [], maxHz: 2, events: false }))
      } else if (message.type === 'samples' && samples.push(message) === count) {
        clearTimeout(timer)
        ws.close()
        resolve({ hello, samples })
      }
    })
    ws.on('unexpected-response', (_req, res) => reject(new Error(`stream: upgrade answered ${res.statusCode}`)))
    ws.on('close', (code, reason) => samples.length < count && reject(new Error(`stream closed ${code} ${reason}`)))
    ws.on('error', reject)
  })
}

/** The device's link state and the newest reading of every channel the station maps from it. */
function readBack(instruments) {
  const state = instruments.devices.find((d) => d.id === device)?.state ?? 'not configured'
  const channels = instruments.channels.filter((c) => c.device === device).map((c) => `, ${c.address} ${c.raw}`)
  return state + channels.sort().join('')
}

try {
  const health = await call('GET', '/api/v1/health')
  console.log(`health: ${health.status} (version ${health.version})`)
  const latest = await call('GET', '/api/v1/telemetry/latest')
  console.log(
    `latest: run ${latest.runId} seq ${latest.seq}, ${latest.cells.length} cells, stack ${latest.stack.powerW} W`,
  )
  const { hello, samples } = await streamSamples(3)
  console.log(
    `stream: hello protocol ${hello.protocol}; ${samples.length} samples at <=2 Hz, last seq ${samples.at(-1).seq}`,
  )
  const t = new Date().toISOString()
  const answer = await call('POST', '/api/v1/ingest', {
    device,
    samples: [
      { t, channel: 'voltageV', value: 0.512 },
      { t, channel: 'currentA', value: 0.0031 },
    ],
  })
  console.log(`ingest: accepted ${answer.accepted} samples, ${answer.duplicates} duplicates`)
  console.log(`read back: ${readBack(await call('GET', '/api/v1/instruments'))}`)
} catch (error) {
  console.error(`station-client: ${error.message}`)
  process.exitCode = 1
}
