import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { WebSocketServer } from 'ws'

/*
 * The stream benchmark's baseline: a bare Node https server with a bare `ws` broadcast of exactly the
 * station's frames (a frame captured from the station, re-stamped with seq and wallTimeMs each tick),
 * same certificate, same rate. No auth, no subscriptions, no queues: what a WSS fan-out costs at least.
 * Usage: node bare-stream.js CERT_DIR FRAME_FILE [TICK_HZ]
 */
const [certDir, frameFile, tickHzArg] = process.argv.slice(2)
if (!certDir || !frameFile) throw new Error('usage: bare-stream.js CERT_DIR FRAME_FILE [TICK_HZ]')
const template = JSON.parse(readFileSync(frameFile, 'utf8')) as Record<string, unknown>
const server = createServer({ key: readFileSync(`${certDir}/server.key`), cert: readFileSync(`${certDir}/server.crt`) })
const wss = new WebSocketServer({ server, perMessageDeflate: false })
let seq = 0
setInterval(
  () => {
    seq += 1
    const data = JSON.stringify({ ...template, seq, wallTimeMs: performance.timeOrigin + performance.now() })
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(data)
  },
  1000 / Number(tickHzArg ?? 10),
)
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`,
  )
})
process.on('SIGTERM', () => process.exit(0))
