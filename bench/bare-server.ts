import { readFileSync } from 'node:fs'
import type { RequestListener } from 'node:http'
import { createServer } from 'node:https'
import express from 'express'
import helmet from 'helmet'
import { WebSocketServer } from 'ws'

// Baselines the station is measured against, with the same certificate and the same JSON answer:
// `node` is a bare Node https server (plus a bare ws broadcast of frames shaped like the station's),
// `express` an empty express app with helmet's defaults, i.e. the framework cost without the station.
const [mode, certDir, tickHzArg] = process.argv.slice(2)
if ((mode !== 'node' && mode !== 'express') || !certDir)
  throw new Error('usage: bare-server.js node|express CERT_DIR [TICK_HZ]')
const tickHz = Number(tickHzArg ?? 10)
const health = { status: 'ok', version: '0.0.0', uptimeSeconds: 0 }
const body = JSON.stringify(health)

const bareNode: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
const emptyExpress = express()
  .use(helmet())
  .get('/api/v1/health', (_req, res) => {
    res.json(health)
  })
const server = createServer(
  { key: readFileSync(`${certDir}/server.key`), cert: readFileSync(`${certDir}/server.crt`) },
  mode === 'node' ? bareNode : emptyExpress,
)
const wss = new WebSocketServer({ server, perMessageDeflate: false })
let seq = 0
const runId = '00000000-0000-4000-8000-000000000000'
setInterval(() => {
  seq += 1
  const frame = JSON.stringify({
    type: 'telemetry',
    runId,
    seq,
    simTimeS: seq * 60,
    wallTimeMs: performance.timeOrigin + performance.now(),
    cells: [{ voltageV: 0.3213, currentA: 0.0064, powerW: 0.00206, substrateMgL: 20.84 }],
  })
  for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(frame)
}, 1000 / tickHz)

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: `https://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
