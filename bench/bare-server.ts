import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { WebSocketServer } from 'ws'

// The baseline the station is measured against: a bare Node https server with the same certificate,
// answering the same JSON, and a bare ws broadcast of frames shaped like the station's.
const [certDir, tickHzArg] = process.argv.slice(2)
if (!certDir) throw new Error('usage: bare-server.js CERT_DIR [TICK_HZ]')
const tickHz = Number(tickHzArg ?? 10)
const body = JSON.stringify({ status: 'ok', version: '0.0.0', uptimeSeconds: 0 })

const server = createServer({ key: readFileSync(`${certDir}/server.key`), cert: readFileSync(`${certDir}/server.crt`) }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
const wss = new WebSocketServer({ server, perMessageDeflate: false })
let seq = 0
const runId = '00000000-0000-4000-8000-000000000000'
setInterval(() => {
  seq += 1
  const frame = JSON.stringify({ type: 'telemetry', runId, seq, simTimeS: seq * 60, wallTimeMs: Date.now(), cells: [{ voltageV: 0.3213, currentA: 0.0064, powerW: 0.00206, substrateMgL: 20.84 }] })
  for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(frame)
}, 1000 / tickHz)

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: `https://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => process.exit(0))
